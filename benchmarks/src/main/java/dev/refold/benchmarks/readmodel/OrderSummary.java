package dev.refold.benchmarks.readmodel;

import java.time.Instant;

/**
 * One order_summary row while it is being folded in memory. Kept small on purpose, because the physical limit
 * holds one per order (1,000,000 of them for a 10,000,000-event log, which must fit in a 256 MB heap): times
 * are epoch microseconds rather than {@link Instant} objects, the status is a flag, and customer ids are
 * shared between orders by {@link OrderSummaryFold}.
 */
public final class OrderSummary {
    public static final String PLACED = "PLACED";
    public static final String SHIPPED = "SHIPPED";
    private static final long NOT_SHIPPED = Long.MIN_VALUE;

    final String orderId;
    final String customerId;
    final long placedAtMicros;
    int items;
    long totalCents;
    long shippedAtMicros = NOT_SHIPPED;

    OrderSummary(String orderId, String customerId, Instant placedAt) {
        this.orderId = orderId;
        this.customerId = customerId;
        this.placedAtMicros = micros(placedAt);
    }

    void ship(Instant at) {
        shippedAtMicros = micros(at);
    }

    boolean shipped() {
        return shippedAtMicros != NOT_SHIPPED;
    }

    String status() {
        return shipped() ? SHIPPED : PLACED;
    }

    /** PostgreSQL keeps microseconds; so does this. */
    private static long micros(Instant instant) {
        return Math.addExact(Math.multiplyExact(instant.getEpochSecond(), 1_000_000L), instant.getNano() / 1_000);
    }

    static String timestamp(long micros) {
        return Instant.ofEpochSecond(Math.floorDiv(micros, 1_000_000L), Math.floorMod(micros, 1_000_000L) * 1_000L).toString();
    }
}

package dev.refold.benchmarks.log;

import dev.refold.benchmarks.events.ItemAdded;
import dev.refold.benchmarks.events.OrderPlaced;
import dev.refold.benchmarks.events.OrderShipped;

import java.time.Instant;
import java.util.Iterator;
import java.util.NoSuchElementException;
import java.util.Random;
import java.util.UUID;

/**
 * The benchmark's event log, produced lazily so that a 10,000,000-event log never sits in memory. Every order
 * is one stream: OrderPlaced, {@value #ITEMS_PER_ORDER} × ItemAdded, OrderShipped.
 *
 * <p>Orders are interleaved the way a shop's traffic interleaves them: about {@value #OPEN_ORDERS} orders are
 * open at once and each next event goes to a random one of them. A strictly sequential log would flatter
 * every approach (each order's row would be hot in cache and written once), which real logs don't do.
 *
 * <p>Everything, including event ids and timestamps, comes from one seeded {@link Random}: the same
 * (orders, seed) always gives the same log, which is what lets repeated runs reuse a stored one.
 */
public final class OrderLogGenerator implements Iterator<GeneratedEvent> {
    public static final int ITEMS_PER_ORDER = 8;
    public static final int EVENTS_PER_ORDER = ITEMS_PER_ORDER + 2;
    /** Bump when the generated log changes shape, so that stored logs from older code are not reused. */
    public static final int GENERATOR_VERSION = 1;

    static final int OPEN_ORDERS = 100;
    private static final int CUSTOMERS = 10_000;
    private static final int SKUS = 2_000;
    private static final long START_MILLIS = Instant.parse("2026-01-01T00:00:00Z").toEpochMilli();

    private final Random random;
    private final int orders;
    private final OpenOrder[] open = new OpenOrder[OPEN_ORDERS];
    private int openCount;
    private int opened;
    private long clockMillis = START_MILLIS;

    public OrderLogGenerator(int orders, long seed) {
        if (orders < 1) {
            throw new IllegalArgumentException("orders must be at least 1, got " + orders);
        }
        this.orders = orders;
        this.random = new Random(seed);
        while (openCount < OPEN_ORDERS && opened < orders) {
            open[openCount++] = openNext();
        }
    }

    public static long eventCount(int orders) {
        return (long) orders * EVENTS_PER_ORDER;
    }

    @Override
    public boolean hasNext() {
        return openCount > 0;
    }

    @Override
    public GeneratedEvent next() {
        if (openCount == 0) {
            throw new NoSuchElementException();
        }
        int slot = random.nextInt(openCount);
        OpenOrder order = open[slot];
        clockMillis += 1 + random.nextInt(40);
        GeneratedEvent event = order.next();
        if (order.done()) {
            open[slot] = opened < orders ? openNext() : open[--openCount];
        }
        return event;
    }

    private OpenOrder openNext() {
        opened++;
        return new OpenOrder(orderId(opened), "customer-" + pad(1 + random.nextInt(CUSTOMERS), 5));
    }

    /** Zero-padded, so that text order is numeric order up to 99,999,999 orders. */
    static String orderId(int number) {
        return "order-" + pad(number, 8);
    }

    private static String pad(int number, int width) {
        String digits = Integer.toString(number);
        return digits.length() >= width ? digits : "0".repeat(width - digits.length()) + digits;
    }

    private UUID nextUuid() {
        // a version-4 (random) UUID, but drawn from the seeded generator
        long high = (random.nextLong() & ~0xF000L) | 0x4000L;
        long low = (random.nextLong() & 0x3FFFFFFFFFFFFFFFL) | 0x8000000000000000L;
        return new UUID(high, low);
    }

    private final class OpenOrder {
        private final String orderId;
        private final String customerId;
        private int version;

        OpenOrder(String orderId, String customerId) {
            this.orderId = orderId;
            this.customerId = customerId;
        }

        GeneratedEvent next() {
            version++;
            Instant now = Instant.ofEpochMilli(clockMillis);
            Object event;
            if (version == 1) {
                event = new OrderPlaced(orderId, customerId, now);
            } else if (version < EVENTS_PER_ORDER) {
                event = new ItemAdded(orderId, "sku-" + pad(1 + random.nextInt(SKUS), 5),
                        1 + random.nextInt(5), 99 + random.nextInt(19_901));
            } else {
                event = new OrderShipped(orderId, now);
            }
            return new GeneratedEvent(orderId, version, nextUuid(), event);
        }

        boolean done() {
            return version == EVENTS_PER_ORDER;
        }
    }
}

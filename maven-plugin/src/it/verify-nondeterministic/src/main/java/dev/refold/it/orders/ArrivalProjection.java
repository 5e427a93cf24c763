package dev.refold.it.orders;

import dev.refold.projection.Projection;
import dev.refold.projection.ProjectionSpec;

import java.util.concurrent.atomic.AtomicLong;

import static dev.refold.it.readmodel.arrivals.tables.Arrival.ARRIVAL;

/**
 * The bug verify exists for: the row depends on state held outside the events (a counter that survives
 * between builds), so a rebuild does not reproduce the read model.
 */
public final class ArrivalProjection implements Projection {
    private static final AtomicLong SEEN = new AtomicLong();

    @Override
    public String name() {
        return "arrivals";
    }

    @Override
    public int version() {
        return 1;
    }

    @Override
    public void define(ProjectionSpec spec) {
        spec.on(OrderPlaced.class, (e, ctx) -> ctx.dsl().insertInto(ARRIVAL)
                .set(ARRIVAL.ORDER_ID, e.orderId())
                .set(ARRIVAL.SEEN, SEEN.incrementAndGet())
                .execute());
    }
}

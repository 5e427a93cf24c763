package dev.refold.it.orders;

import dev.refold.projection.Projection;
import dev.refold.projection.ProjectionSpec;

import static dev.refold.it.readmodel.orders.tables.OrderSummary.ORDER_SUMMARY;

/** Throws on the second order's shipment, the last event of the fixture log (position 8). */
public final class OrderSummaryProjection implements Projection {
    @Override
    public String name() {
        return "orders";
    }

    @Override
    public int version() {
        return 1;
    }

    @Override
    public void define(ProjectionSpec spec) {
        spec.on(OrderPlaced.class, (e, ctx) -> ctx.dsl().insertInto(ORDER_SUMMARY)
                .set(ORDER_SUMMARY.ORDER_ID, e.orderId())
                .set(ORDER_SUMMARY.CUSTOMER, e.customer())
                .execute());
        spec.on(OrderShipped.class, (e, ctx) -> {
            if (e.orderId().equals("order-2")) {
                throw new IllegalStateException("cannot ship " + e.orderId());
            }
            ctx.dsl().update(ORDER_SUMMARY).set(ORDER_SUMMARY.SHIPPED, true)
                    .where(ORDER_SUMMARY.ORDER_ID.eq(e.orderId())).execute();
        });
    }
}

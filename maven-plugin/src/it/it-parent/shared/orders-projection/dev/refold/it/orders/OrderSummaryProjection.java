package dev.refold.it.orders;

import dev.refold.projection.Projection;
import dev.refold.projection.ProjectionSpec;

import static dev.refold.it.readmodel.orders.tables.OrderSummary.ORDER_SUMMARY;

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
        spec.on(ItemAdded.class, (e, ctx) -> ctx.dsl().update(ORDER_SUMMARY)
                .set(ORDER_SUMMARY.ITEMS, ORDER_SUMMARY.ITEMS.plus(e.quantity()))
                .set(ORDER_SUMMARY.TOTAL, ORDER_SUMMARY.TOTAL.plus(e.price().multiply(java.math.BigDecimal.valueOf(e.quantity()))))
                .where(ORDER_SUMMARY.ORDER_ID.eq(e.orderId()))
                .execute());
        spec.on(OrderShipped.class, (e, ctx) -> ctx.dsl().update(ORDER_SUMMARY)
                .set(ORDER_SUMMARY.SHIPPED, true)
                .where(ORDER_SUMMARY.ORDER_ID.eq(e.orderId()))
                .execute());
    }
}

package dev.refold.benchmarks.refold;

import dev.refold.benchmarks.events.ItemAdded;
import dev.refold.benchmarks.events.OrderPlaced;
import dev.refold.benchmarks.events.OrderShipped;
import dev.refold.benchmarks.readmodel.OrderSummary;
import dev.refold.benchmarks.refold.jooq.FoldOrderSummary;
import dev.refold.projection.Projection;
import dev.refold.projection.ProjectionSpec;

/**
 * order_summary as a fold-style Refold projection: each row is the fold of its order's events, and the handlers
 * only mutate the row's jOOQ record. Same rules as {@link BenchHandlerProjection} and the baselines. Its DDL is
 * {@code db/refold/bench_fold/V1__Order_summary.sql}.
 */
public final class BenchFoldProjection implements Projection {
    public static final String NAME = FoldOrderSummary.SCHEMA_NAME;

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public int version() {
        return 1;
    }

    @Override
    public void define(ProjectionSpec spec) {
        spec.fold(FoldOrderSummary.ORDER_SUMMARY)
                .on(OrderPlaced.class, OrderPlaced::orderId, (row, e, ctx) -> {
                    row.setCustomerId(e.customerId());
                    row.setItems(0);
                    row.setTotalCents(0L);
                    row.setPlacedAt(e.placedAt());
                    row.setStatus(OrderSummary.PLACED);
                })
                .on(ItemAdded.class, ItemAdded::orderId, (row, e, ctx) -> {
                    row.setItems(row.getItems() + e.quantity());
                    row.setTotalCents(row.getTotalCents() + e.quantity() * e.priceCents());
                })
                .on(OrderShipped.class, OrderShipped::orderId, (row, e, ctx) -> {
                    row.setShippedAt(e.shippedAt());
                    row.setStatus(OrderSummary.SHIPPED);
                });
    }
}

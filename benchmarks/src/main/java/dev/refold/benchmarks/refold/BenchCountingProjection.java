package dev.refold.benchmarks.refold;

import dev.refold.benchmarks.events.ItemAdded;
import dev.refold.benchmarks.events.OrderPlaced;
import dev.refold.benchmarks.events.OrderShipped;
import dev.refold.benchmarks.readmodel.OrderSummary;
import dev.refold.projection.Projection;
import dev.refold.projection.ProjectionSpec;
import org.jooq.Record;
import org.jooq.Table;
import org.jooq.impl.DSL;

import static dev.refold.benchmarks.refold.BenchHandlerProjection.CUSTOMER_ID;
import static dev.refold.benchmarks.refold.BenchHandlerProjection.ITEMS;
import static dev.refold.benchmarks.refold.BenchHandlerProjection.ORDER_ID;
import static dev.refold.benchmarks.refold.BenchHandlerProjection.PLACED_AT;
import static dev.refold.benchmarks.refold.BenchHandlerProjection.SHIPPED_AT;
import static dev.refold.benchmarks.refold.BenchHandlerProjection.STATUS;
import static dev.refold.benchmarks.refold.BenchHandlerProjection.TOTAL_CENTS;

/**
 * {@link BenchHandlerProjection}'s statements, with handlers that read their update counts (an update must find its
 * order): what exact counts cost, since deferral then runs each UPDATE at once. DDL:
 * {@code db/refold/bench_counting/V1__Order_summary.sql}.
 */
public final class BenchCountingProjection implements Projection {
    public static final String NAME = "bench_counting";
    static final Table<Record> ORDER_SUMMARY = DSL.table(DSL.name(NAME, "order_summary"));

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
        spec.on(OrderPlaced.class, (e, ctx) -> ctx.dsl().insertInto(ORDER_SUMMARY)
                .columns(ORDER_ID, CUSTOMER_ID, ITEMS, TOTAL_CENTS, PLACED_AT, STATUS)
                .values(e.orderId(), e.customerId(), 0, 0L, e.placedAt(), OrderSummary.PLACED)
                .execute());
        spec.on(ItemAdded.class, (e, ctx) -> found(e.orderId(), ctx.dsl().update(ORDER_SUMMARY)
                .set(ITEMS, ITEMS.plus(e.quantity()))
                .set(TOTAL_CENTS, TOTAL_CENTS.plus(e.quantity() * e.priceCents()))
                .where(ORDER_ID.eq(e.orderId()))
                .execute()));
        spec.on(OrderShipped.class, (e, ctx) -> found(e.orderId(), ctx.dsl().update(ORDER_SUMMARY)
                .set(SHIPPED_AT, e.shippedAt())
                .set(STATUS, OrderSummary.SHIPPED)
                .where(ORDER_ID.eq(e.orderId()))
                .execute()));
    }

    private static void found(String orderId, int updated) {
        if (updated != 1) {
            throw new IllegalStateException("order " + orderId + " not found");
        }
    }
}

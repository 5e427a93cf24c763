package dev.refold.benchmarks.refold;

import dev.refold.benchmarks.events.ItemAdded;
import dev.refold.benchmarks.events.OrderPlaced;
import dev.refold.benchmarks.events.OrderShipped;
import dev.refold.benchmarks.readmodel.OrderSummary;
import dev.refold.projection.Projection;
import dev.refold.projection.ProjectionSpec;
import org.jooq.DSLContext;
import org.jooq.Field;
import org.jooq.Record;
import org.jooq.Table;
import org.jooq.impl.DSL;
import org.jooq.impl.SQLDataType;

import java.time.Instant;

/**
 * order_summary as a handler-style Refold projection: one jOOQ statement per event, the same three
 * statements as the hand-written handlers. Its DDL is {@code db/refold/bench_handler/V1__Order_summary.sql}.
 *
 * <p>The table is named through jOOQ's plain-SQL API rather than generated classes, to spare this module a
 * code-generation step; it is qualified with the projection's schema so that Refold's render mapping sends
 * the writes to the shadow schema during a rebuild.
 */
public final class BenchHandlerProjection implements Projection {
    public static final String NAME = "bench_handler";

    static final Table<Record> ORDER_SUMMARY = DSL.table(DSL.name(NAME, "order_summary"));
    static final Field<String> ORDER_ID = DSL.field(DSL.name("order_id"), SQLDataType.VARCHAR);
    static final Field<String> CUSTOMER_ID = DSL.field(DSL.name("customer_id"), SQLDataType.VARCHAR);
    static final Field<Integer> ITEMS = DSL.field(DSL.name("items"), SQLDataType.INTEGER);
    static final Field<Long> TOTAL_CENTS = DSL.field(DSL.name("total_cents"), SQLDataType.BIGINT);
    static final Field<Instant> PLACED_AT = DSL.field(DSL.name("placed_at"), SQLDataType.INSTANT);
    static final Field<Instant> SHIPPED_AT = DSL.field(DSL.name("shipped_at"), SQLDataType.INSTANT);
    static final Field<String> STATUS = DSL.field(DSL.name("status"), SQLDataType.VARCHAR);

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
        spec.on(OrderPlaced.class, (e, ctx) -> placed(ctx.dsl(), e));
        spec.on(ItemAdded.class, (e, ctx) -> itemAdded(ctx.dsl(), e));
        spec.on(OrderShipped.class, (e, ctx) -> shipped(ctx.dsl(), e));
    }

    // The handlers' statements, public so that JooqCostProbe measures exactly these.

    public static void placed(DSLContext dsl, OrderPlaced e) {
        dsl.insertInto(ORDER_SUMMARY)
                .columns(ORDER_ID, CUSTOMER_ID, ITEMS, TOTAL_CENTS, PLACED_AT, STATUS)
                .values(e.orderId(), e.customerId(), 0, 0L, e.placedAt(), OrderSummary.PLACED)
                .execute();
    }

    public static void itemAdded(DSLContext dsl, ItemAdded e) {
        dsl.update(ORDER_SUMMARY)
                .set(ITEMS, ITEMS.plus(e.quantity()))
                .set(TOTAL_CENTS, TOTAL_CENTS.plus(e.quantity() * e.priceCents()))
                .where(ORDER_ID.eq(e.orderId()))
                .execute();
    }

    public static void shipped(DSLContext dsl, OrderShipped e) {
        dsl.update(ORDER_SUMMARY)
                .set(SHIPPED_AT, e.shippedAt())
                .set(STATUS, OrderSummary.SHIPPED)
                .where(ORDER_ID.eq(e.orderId()))
                .execute();
    }
}

package dev.refold.benchmarks.extra;

import dev.refold.benchmarks.events.OrderPlaced;
import dev.refold.projection.Projection;
import dev.refold.projection.ProjectionSpec;
import org.jooq.Field;
import org.jooq.impl.DSL;
import org.jooq.impl.SQLDataType;

/**
 * A trivial projection, {@code bench_noop_NN}: the ids of placed orders. Twenty of them, all CURRENT, are
 * what a no-op {@code migrate()} at application startup has to look at. Each has its DDL in
 * {@code db/refold/bench_noop_NN/V1__Placed_orders.sql}.
 */
public final class NoopProjection implements Projection {
    public static final int COUNT = 20;
    private static final Field<String> ORDER_ID = DSL.field(DSL.name("order_id"), SQLDataType.VARCHAR);

    private final String name;

    public NoopProjection(int number) {
        if (number < 1 || number > COUNT) {
            throw new IllegalArgumentException("DDL exists for bench_noop_01 to bench_noop_" + COUNT + " only, not " + number);
        }
        this.name = String.format("bench_noop_%02d", number);
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public int version() {
        return 1;
    }

    @Override
    public void define(ProjectionSpec spec) {
        spec.on(OrderPlaced.class, (e, ctx) -> ctx.dsl()
                .insertInto(DSL.table(DSL.name(name, "placed_order")))
                .columns(ORDER_ID)
                .values(e.orderId())
                .execute());
    }
}

package dev.refold.spring.boot4;

import dev.refold.projection.Projection;
import dev.refold.projection.ProjectionSpec;
import org.jooq.Field;
import org.jooq.Record;
import org.jooq.Table;
import org.jooq.impl.DSL;

import static org.jooq.impl.DSL.field;
import static org.jooq.impl.DSL.table;

/** The application's read model of placed orders, declared as a bean. */
public final class PlacedOrdersProjection implements Projection {
    static final Table<Record> PLACED_ORDER = table(DSL.name("placed_orders", "placed_order"));
    static final Field<String> ID = field(DSL.name("id"), String.class);
    static final Field<Integer> TOTAL = field(DSL.name("total"), Integer.class);

    public String name() {
        return "placed_orders";
    }

    public int version() {
        return 1;
    }

    public void define(ProjectionSpec spec) {
        spec.on(OrderPlaced.class, (e, ctx) -> ctx.dsl().insertInto(PLACED_ORDER).set(ID, e.orderId()).set(TOTAL, e.total()).execute());
    }
}

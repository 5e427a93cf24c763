package dev.refold.spring.boot.autoconfigure.shop;

import dev.refold.projection.Projection;
import dev.refold.projection.ProjectionSpec;

import static org.jooq.impl.DSL.field;
import org.jooq.impl.DSL;
import static org.jooq.impl.DSL.table;

/** Found by ServiceLoader (META-INF/services), not declared as a bean. */
public final class OrderAuditProjection implements Projection {
    public String name() {
        return "order_audit";
    }

    public int version() {
        return 1;
    }

    public void define(ProjectionSpec spec) {
        spec.on(OrderPlaced.class, (e, ctx) -> ctx.dsl().insertInto(table(DSL.name("order_audit", "audit")))
                .set(field(DSL.name("id"), String.class), e.orderId()).execute());
    }
}

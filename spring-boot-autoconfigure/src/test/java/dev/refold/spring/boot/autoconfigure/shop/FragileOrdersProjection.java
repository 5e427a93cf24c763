package dev.refold.spring.boot.autoconfigure.shop;

import dev.refold.projection.Projection;
import dev.refold.projection.ProjectionSpec;

/** Reads like placed_orders, but its handler cannot take an order of total 13. */
public final class FragileOrdersProjection implements Projection {
    public String name() {
        return "placed_orders";
    }

    public int version() {
        return 1;
    }

    public void define(ProjectionSpec spec) {
        spec.on(OrderPlaced.class, (e, ctx) -> {
            if (e.total() == 13) {
                throw new IllegalStateException("unlucky order " + e.orderId());
            }
            ctx.dsl().insertInto(PlacedOrdersProjection.PLACED_ORDER).set(PlacedOrdersProjection.ID, e.orderId())
                    .set(PlacedOrdersProjection.TOTAL, e.total()).execute();
        });
    }
}

package dev.refold.benchmarks.widekeys;

import dev.refold.projection.Projection;
import dev.refold.projection.ProjectionSpec;

import static dev.refold.benchmarks.widekeys.SpendTable.SPEND;

/** One row per customer, its purchases counted and summed: a fold whose keys come back all along the log. */
public final class SpendProjection implements Projection {
    public static final String NAME = "bench_spend";

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
        spec.fold(SPEND).on(Purchase.class, Purchase::customerId, (row, e, ctx) -> {
            row.set(SPEND.PURCHASES, row.get(SPEND.PURCHASES) + 1);
            row.set(SPEND.CENTS, row.get(SPEND.CENTS) + e.cents());
        });
    }
}

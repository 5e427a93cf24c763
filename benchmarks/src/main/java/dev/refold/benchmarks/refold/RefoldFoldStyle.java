package dev.refold.benchmarks.refold;

import dev.refold.Refold;
import dev.refold.benchmarks.approach.Approach;
import dev.refold.benchmarks.readmodel.OrderSummaryTable;
import dev.refold.result.BuildResult;

/** A full Refold rebuild of {@link BenchFoldProjection}: rows folded in memory, written by COPY, swapped in. */
public final class RefoldFoldStyle implements Approach {
    private static final OrderSummaryTable TABLE = new OrderSummaryTable(BenchFoldProjection.NAME);

    private final Refold refold;

    public RefoldFoldStyle(Refold refold) {
        this.refold = refold;
    }

    @Override
    public String label() {
        return "Refold fold-style rebuild (records folded in memory, COPY)";
    }

    @Override
    public long run() {
        BuildResult result = refold.rebuild(BenchFoldProjection.NAME);
        return result.eventsReplayed();
    }

    @Override
    public OrderSummaryTable table() {
        return TABLE;
    }
}

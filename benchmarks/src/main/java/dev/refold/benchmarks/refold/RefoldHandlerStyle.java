package dev.refold.benchmarks.refold;

import dev.refold.Refold;
import dev.refold.benchmarks.approach.Approach;
import dev.refold.benchmarks.readmodel.OrderSummaryTable;
import dev.refold.result.BuildResult;

/** A full Refold rebuild of {@link BenchHandlerProjection}: shadow schema, replay, swap. */
public final class RefoldHandlerStyle implements Approach {
    private static final OrderSummaryTable TABLE = new OrderSummaryTable(BenchHandlerProjection.NAME);

    private final Refold refold;

    public RefoldHandlerStyle(Refold refold) {
        this.refold = refold;
    }

    @Override
    public String label() {
        return "Refold handler-style rebuild (jOOQ per event)";
    }

    @Override
    public long run() {
        BuildResult result = refold.rebuild(BenchHandlerProjection.NAME);
        return result.eventsReplayed();
    }

    @Override
    public OrderSummaryTable table() {
        return TABLE;
    }
}

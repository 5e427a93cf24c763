package dev.refold.benchmarks.refold;

import dev.refold.Refold;
import dev.refold.benchmarks.approach.Approach;
import dev.refold.benchmarks.readmodel.OrderSummaryTable;

/** A full Refold rebuild of {@link BenchHandlerProjection}: shadow schema, replay, swap. */
public final class RefoldHandlerStyle implements Approach {
    private static final OrderSummaryTable TABLE = new OrderSummaryTable(BenchHandlerProjection.NAME);

    private static final String APPLY_FUNCTION = "refold.internal.applyFunction";

    private final Refold refold;
    private final boolean applyFunction;

    public RefoldHandlerStyle(Refold refold) {
        this(refold, true);
    }

    private RefoldHandlerStyle(Refold refold, boolean applyFunction) {
        this.refold = refold;
        this.applyFunction = applyFunction;
    }

    /** The same rebuild with every deferred write sent by EXECUTE: what the PL/pgSQL apply function is worth. */
    public static RefoldHandlerStyle withoutApplyFunction(Refold refold) {
        return new RefoldHandlerStyle(refold, false);
    }

    @Override
    public String label() {
        return "Refold handler-style rebuild (jOOQ per event)" + (applyFunction ? "" : ", no apply function");
    }

    @Override
    public long run() {
        if (applyFunction) {
            return refold.rebuild(BenchHandlerProjection.NAME).eventsReplayed();
        }
        System.setProperty(APPLY_FUNCTION, "false");
        try {
            return refold.rebuild(BenchHandlerProjection.NAME).eventsReplayed();
        } finally {
            System.clearProperty(APPLY_FUNCTION);
        }
    }

    @Override
    public OrderSummaryTable table() {
        return TABLE;
    }
}

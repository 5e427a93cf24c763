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
    private final String projection;
    private final OrderSummaryTable table;

    public RefoldHandlerStyle(Refold refold) {
        this(refold, true, BenchHandlerProjection.NAME);
    }

    private RefoldHandlerStyle(Refold refold, boolean applyFunction, String projection) {
        this.refold = refold;
        this.applyFunction = applyFunction;
        this.projection = projection;
        this.table = projection.equals(BenchHandlerProjection.NAME) ? TABLE : new OrderSummaryTable(projection);
    }

    /** The same rebuild of {@link BenchCountingProjection}, whose handlers read their update counts. */
    public static RefoldHandlerStyle readingCounts(Refold refold) {
        return new RefoldHandlerStyle(refold, true, BenchCountingProjection.NAME);
    }

    /** The same rebuild with every deferred write sent by EXECUTE: what the PL/pgSQL apply function is worth. */
    public static RefoldHandlerStyle withoutApplyFunction(Refold refold) {
        return new RefoldHandlerStyle(refold, false, BenchHandlerProjection.NAME);
    }

    @Override
    public String label() {
        return "Refold handler-style rebuild (jOOQ per event)" + (applyFunction ? "" : ", no apply function")
                + (projection.equals(BenchHandlerProjection.NAME) ? "" : ", handlers read update counts");
    }

    @Override
    public long run() {
        if (applyFunction) {
            return refold.rebuild(projection).eventsReplayed();
        }
        System.setProperty(APPLY_FUNCTION, "false");
        try {
            return refold.rebuild(projection).eventsReplayed();
        } finally {
            System.clearProperty(APPLY_FUNCTION);
        }
    }

    @Override
    public OrderSummaryTable table() {
        return table;
    }
}

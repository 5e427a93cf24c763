package dev.refold.benchmarks.approach;

import dev.refold.benchmarks.readmodel.OrderSummaryTable;

import java.sql.Connection;

/** One way of building order_summary from the log, measured by {@link dev.refold.benchmarks.BenchmarkRunner}. */
public interface Approach {
    /** The name printed in the results table. */
    String label();

    /** Untimed set-up: an empty target table, a reference to compare with. */
    default void prepare(Connection connection) throws Exception {
    }

    /** The timed part. Returns the number of events applied. */
    long run() throws Exception;

    /** Where the result lands. */
    OrderSummaryTable table();

    /**
     * The table this one's content must equal; by default the physical limit's. An approach that runs on a
     * sample of the log names a reference built from the same sample.
     */
    default OrderSummaryTable reference() {
        return PhysicalLimit.TABLE;
    }

    /** A note printed under the results, or null. */
    default String note() {
        return null;
    }
}

package dev.refold.benchmarks.approach;

import dev.refold.benchmarks.log.LogReader;
import dev.refold.benchmarks.readmodel.OrderSummaryFold;
import dev.refold.benchmarks.readmodel.OrderSummaryTable;
import org.postgresql.PGConnection;
import org.postgresql.copy.PGCopyOutputStream;

import javax.sql.DataSource;
import java.io.BufferedWriter;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;

/**
 * The yardstick: read the log, decode every payload, fold the rows in a HashMap, COPY them out in one
 * transaction. Nothing that builds this table from this log can do much less work, so every other approach
 * is reported as a fraction of it.
 */
public final class PhysicalLimit implements Approach {
    public static final OrderSummaryTable TABLE = new OrderSummaryTable("bench_physical");

    private final DataSource dataSource;
    private final OrderSummaryTable table;
    private final long eventLimit;
    private final int expectedOrders;

    /** Over the whole log (or its first {@code eventLimit} events), into {@code table}. */
    public PhysicalLimit(DataSource dataSource, OrderSummaryTable table, long eventLimit, int expectedOrders) {
        this.dataSource = dataSource;
        this.table = table;
        this.eventLimit = eventLimit;
        this.expectedOrders = expectedOrders;
    }

    @Override
    public String label() {
        return "physical limit (stream, decode, fold in memory, COPY)";
    }

    @Override
    public void prepare(Connection connection) throws Exception {
        table.recreate(connection);
    }

    @Override
    public long run() throws Exception {
        OrderSummaryFold fold = new OrderSummaryFold(expectedOrders);
        long events;
        try (Connection reader = dataSource.getConnection()) {
            events = new LogReader().read(reader, eventLimit, fold::apply);
        }
        try (Connection writer = dataSource.getConnection()) {
            writer.setAutoCommit(false);
            String copy = "copy " + table.qualifiedName() + " (" + OrderSummaryTable.COLUMNS + ") from stdin";
            try (Writer out = new BufferedWriter(new OutputStreamWriter(
                    new PGCopyOutputStream(writer.unwrap(PGConnection.class), copy, 1 << 16), StandardCharsets.UTF_8), 1 << 16)) {
                fold.writeCopyRows(out);
            }
            writer.commit();
        }
        return events;
    }

    @Override
    public OrderSummaryTable table() {
        return table;
    }

    @Override
    public OrderSummaryTable reference() {
        return table;
    }
}

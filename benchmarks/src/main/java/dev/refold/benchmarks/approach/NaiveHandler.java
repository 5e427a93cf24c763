package dev.refold.benchmarks.approach;

import dev.refold.benchmarks.events.ItemAdded;
import dev.refold.benchmarks.events.OrderPlaced;
import dev.refold.benchmarks.events.OrderShipped;
import dev.refold.benchmarks.log.LogReader;
import dev.refold.benchmarks.readmodel.OrderSummaryTable;

import javax.sql.DataSource;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.time.ZoneOffset;

/**
 * What most event-sourcing code does by default: one statement per event, each its own committed (and, with
 * fsync on, flushed) transaction. Too slow to run over a whole large log, so it runs over the log's first
 * {@code sample} events, and its digest is compared with the physical limit over that same sample.
 */
public final class NaiveHandler implements Approach {
    private static final OrderSummaryTable TABLE = new OrderSummaryTable("bench_naive");
    private static final OrderSummaryTable REFERENCE = new OrderSummaryTable("bench_naive_reference");

    private final DataSource dataSource;
    private final long sample;
    private final long logSize;

    public NaiveHandler(DataSource dataSource, long sample, long logSize) {
        this.dataSource = dataSource;
        this.sample = Math.min(sample, logSize);
        this.logSize = logSize;
    }

    @Override
    public String label() {
        return sample < logSize ? "naive handler (1 autocommit stmt/event) [sample]" : "naive handler (1 autocommit stmt/event)";
    }

    @Override
    public void prepare(Connection connection) throws Exception {
        table().recreate(connection);
        REFERENCE.recreate(connection);
        new PhysicalLimit(dataSource, REFERENCE, sample, (int) Math.min(sample, Integer.MAX_VALUE)).run();
    }

    @Override
    public long run() throws Exception {
        OrderSummaryStatements sql = new OrderSummaryStatements(TABLE);
        try (Connection reader = dataSource.getConnection();
             Connection writer = dataSource.getConnection()) {
            writer.setAutoCommit(true);
            try (PreparedStatement placed = writer.prepareStatement(sql.insertPlaced);
                 PreparedStatement item = writer.prepareStatement(sql.addItem);
                 PreparedStatement ship = writer.prepareStatement(sql.ship)) {
                return new LogReader().read(reader, sample, event -> {
                    try {
                        apply(event, placed, item, ship);
                    } catch (SQLException e) {
                        throw new IllegalStateException("naive handler failed on " + event, e);
                    }
                });
            }
        }
    }

    private static void apply(Object event, PreparedStatement placed, PreparedStatement item, PreparedStatement ship)
            throws SQLException {
        if (event instanceof OrderPlaced e) {
            placed.setString(1, e.orderId());
            placed.setString(2, e.customerId());
            placed.setObject(3, e.placedAt().atOffset(ZoneOffset.UTC));
            placed.executeUpdate();
        } else if (event instanceof ItemAdded e) {
            item.setInt(1, e.quantity());
            item.setLong(2, e.quantity() * e.priceCents());
            item.setString(3, e.orderId());
            item.executeUpdate();
        } else if (event instanceof OrderShipped e) {
            ship.setObject(1, e.shippedAt().atOffset(ZoneOffset.UTC));
            ship.setString(2, e.orderId());
            ship.executeUpdate();
        }
    }

    @Override
    public OrderSummaryTable table() {
        return TABLE;
    }

    @Override
    public OrderSummaryTable reference() {
        return REFERENCE;
    }

    @Override
    public String note() {
        if (sample >= logSize) {
            return null;
        }
        return "naive handler: measured on the first " + sample + " of " + logSize
                + " events (events/s from the sample; its digest is checked against the physical limit over the same sample)";
    }
}

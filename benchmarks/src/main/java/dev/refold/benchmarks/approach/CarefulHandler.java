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
 * What a careful engineer writes by hand: the same statements as the naive handler, but JDBC-batched and
 * committed every {@value #EVENTS_PER_TRANSACTION} events.
 *
 * <p>Each transaction sends its inserts first, then its item updates, then its shipments. That is
 * equivalent to sending them in log order, because within one order every OrderPlaced precedes its
 * ItemAdded events, which precede its OrderShipped, and item updates only add (so they commute).
 */
public final class CarefulHandler implements Approach {
    public static final int EVENTS_PER_TRANSACTION = 1_000;
    private static final OrderSummaryTable TABLE = new OrderSummaryTable("bench_careful");

    private final DataSource dataSource;

    public CarefulHandler(DataSource dataSource) {
        this.dataSource = dataSource;
    }

    /**
     * On a pool of its own with {@code reWriteBatchedInserts}, as a careful engineer would configure it for this
     * handler (its batches never meet a key twice): Refold's own connections leave the driver's default, since
     * the rewrite changes what some of an application's statements mean.
     */
    public static CarefulHandler rewritingBatches(String url) {
        org.postgresql.ds.PGSimpleDataSource pg = new org.postgresql.ds.PGSimpleDataSource();
        pg.setURL(url);
        pg.setUser("postgres");
        pg.setReWriteBatchedInserts(true);
        return new CarefulHandler(pg);
    }

    @Override
    public String label() {
        return "careful handler (JDBC batches, 1,000 events/tx)";
    }

    @Override
    public void prepare(Connection connection) throws Exception {
        TABLE.recreate(connection);
    }

    @Override
    public long run() throws Exception {
        OrderSummaryStatements sql = new OrderSummaryStatements(TABLE);
        try (Connection reader = dataSource.getConnection();
             Connection writer = dataSource.getConnection()) {
            writer.setAutoCommit(false);
            try (Batches batches = new Batches(writer, sql)) {
                long events = new LogReader().read(reader, Long.MAX_VALUE, batches::add);
                batches.flush();
                return events;
            }
        }
    }

    @Override
    public OrderSummaryTable table() {
        return TABLE;
    }

    /** The open transaction's three batches. */
    private static final class Batches implements AutoCloseable {
        private final Connection writer;
        private final PreparedStatement placed;
        private final PreparedStatement item;
        private final PreparedStatement ship;
        private int pending;

        Batches(Connection writer, OrderSummaryStatements sql) throws SQLException {
            this.writer = writer;
            this.placed = writer.prepareStatement(sql.insertPlaced);
            this.item = writer.prepareStatement(sql.addItem);
            this.ship = writer.prepareStatement(sql.ship);
        }

        void add(Object event) {
            try {
                if (event instanceof OrderPlaced e) {
                    placed.setString(1, e.orderId());
                    placed.setString(2, e.customerId());
                    placed.setObject(3, e.placedAt().atOffset(ZoneOffset.UTC));
                    placed.addBatch();
                } else if (event instanceof ItemAdded e) {
                    item.setInt(1, e.quantity());
                    item.setLong(2, e.quantity() * e.priceCents());
                    item.setString(3, e.orderId());
                    item.addBatch();
                } else if (event instanceof OrderShipped e) {
                    ship.setObject(1, e.shippedAt().atOffset(ZoneOffset.UTC));
                    ship.setString(2, e.orderId());
                    ship.addBatch();
                }
                if (++pending == EVENTS_PER_TRANSACTION) {
                    flush();
                }
            } catch (SQLException e) {
                throw new IllegalStateException("careful handler failed on " + event, e);
            }
        }

        void flush() throws SQLException {
            placed.executeBatch();
            item.executeBatch();
            ship.executeBatch();
            writer.commit();
            pending = 0;
        }

        @Override
        public void close() throws SQLException {
            placed.close();
            item.close();
            ship.close();
        }
    }
}

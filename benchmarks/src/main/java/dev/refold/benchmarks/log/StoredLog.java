package dev.refold.benchmarks.log;

import dev.refold.benchmarks.events.OrderEvents;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.function.LongConsumer;

/**
 * The generated log as stored in {@code refold.events}, with a marker row ({@code refold_bench.generated_log})
 * saying which (orders, seed, generator version) produced it. The marker is written only after the last
 * COPY commits, so a run interrupted mid-load leaves a log that is recognised as not reusable.
 */
public final class StoredLog {
    public enum Status {
        /** The stored log is exactly the one asked for: reuse it. */
        MATCHES,
        /** No events at all: generate and load. */
        EMPTY,
        /** Events from another size, seed or generator, or a partial load: the log is append-only, so start over. */
        DIFFERENT
    }

    private StoredLog() {
    }

    public static Status status(Connection connection, int orders, long seed) throws SQLException {
        try (Statement statement = connection.createStatement()) {
            boolean anyEvent;
            try (ResultSet rs = statement.executeQuery("select exists (select 1 from refold.events)")) {
                rs.next();
                anyEvent = rs.getBoolean(1);
            }
            if (!anyEvent) {
                return Status.EMPTY;
            }
            try (ResultSet rs = statement.executeQuery("select to_regclass('refold_bench.generated_log') is not null")) {
                rs.next();
                if (!rs.getBoolean(1)) {
                    return Status.DIFFERENT;
                }
            }
            try (ResultSet rs = statement.executeQuery("select orders, seed, generator_version, events from refold_bench.generated_log")) {
                if (rs.next() && rs.getInt(1) == orders && rs.getLong(2) == seed
                        && rs.getInt(3) == OrderLogGenerator.GENERATOR_VERSION
                        && rs.getLong(4) == OrderLogGenerator.eventCount(orders)) {
                    return Status.MATCHES;
                }
                return Status.DIFFERENT;
            }
        }
    }

    /** Generates the log, COPYs it into an empty {@code refold.events}, marks it, and vacuums it. */
    public static long load(Connection connection, int orders, long seed, LongConsumer progress) throws SQLException {
        long events = new EventLogLoader().load(connection, new OrderLogGenerator(orders, seed), progress);
        connection.setAutoCommit(false);
        try (Statement statement = connection.createStatement()) {
            // COPY bypasses the engine's append, which records each (type, version) it stores: do it here.
            try (PreparedStatement types = connection.prepareStatement(
                    "insert into refold.event_types (event_type, type_version) values (?, ?) on conflict do nothing")) {
                for (Class<?> type : OrderEvents.TYPES) {
                    types.setString(1, OrderEvents.name(type));
                    types.setInt(2, OrderEvents.version(type));
                    types.addBatch();
                }
                types.executeBatch();
            }
            statement.execute("create schema if not exists refold_bench");
            statement.execute("create table refold_bench.generated_log (orders integer not null, seed bigint not null,"
                    + " generator_version integer not null, events bigint not null, loaded_at timestamptz not null default now())");
            try (PreparedStatement marker = connection.prepareStatement(
                    "insert into refold_bench.generated_log (orders, seed, generator_version, events) values (?, ?, ?, ?)")) {
                marker.setInt(1, orders);
                marker.setLong(2, seed);
                marker.setInt(3, OrderLogGenerator.GENERATOR_VERSION);
                marker.setLong(4, events);
                marker.executeUpdate();
            }
            connection.commit();
        } catch (SQLException | RuntimeException e) {
            connection.rollback();
            throw e;
        }
        connection.setAutoCommit(true);
        try (Statement statement = connection.createStatement()) {
            // Sets hint bits and the visibility map now, so that the first approach measured does not pay
            // for the load's aftermath, and gives the planner statistics.
            statement.execute("vacuum (analyze) refold.events");
        }
        return events;
    }
}

package dev.refold.internal.catchup;

import com.zaxxer.hikari.HikariDataSource;
import dev.refold.internal.db.Database;
import dev.refold.internal.db.AdvisoryLocks;
import dev.refold.internal.log.AppendHorizon;

import javax.sql.DataSource;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;

/**
 * The dedicated connection of one projection's worker. It carries session state that must never be handed
 * back to a pool: the projection's advisory lock (one active worker per projection across every instance;
 * it is released by the server when the instance dies, so a standby takes over within its retry interval),
 * the shared hold on the migration lock around each round, and the LISTEN registration.
 */
final class WorkerSession implements AutoCloseable {
    private final Connection connection;
    private final String projectionKey;
    private final String migrationKey;
    private final AppendHorizon horizon;
    private long waitHorizon = -1;
    private boolean waitsOnTheSameAppend;
    private final LogNotifications notifications;
    private boolean holdsProjection;

    private WorkerSession(Connection connection, String schema, String projection) {
        this.connection = connection;
        this.projectionKey = AdvisoryLocks.projection(schema, projection);
        this.migrationKey = AdvisoryLocks.migration(schema);
        this.horizon = new AppendHorizon(schema);
        this.notifications = new LogNotifications(connection, schema);
    }

    static WorkerSession open(Database database, String schema, String projection) throws SQLException {
        Connection connection = unpooled(database.dataSource()).getConnection();
        try {
            connection.setAutoCommit(true);
            return new WorkerSession(connection, schema, projection);
        } catch (SQLException | RuntimeException e) {
            connection.close();
            throw e;
        }
    }

    /**
     * Refold's own pool wraps a plain PostgreSQL data source: a connection from that one closes for real, and
     * its locks go with it. A data source the application gave is used as it is, and {@link #close()} clears
     * the session state before returning the connection.
     */
    private static DataSource unpooled(DataSource dataSource) {
        if (dataSource instanceof HikariDataSource pool && pool.getDataSource() != null) {
            return pool.getDataSource();
        }
        return dataSource;
    }

    Connection connection() {
        return connection;
    }

    LogNotifications notifications() {
        return notifications;
    }

    boolean holdsProjection() {
        return holdsProjection;
    }

    /** Takes the projection's lock if it is free; listens for appends from then on. */
    boolean tryLockProjection() throws SQLException {
        if (!holdsProjection && call("select pg_try_advisory_lock(hashtext(?))", projectionKey)) {
            holdsProjection = true;
            notifications.listen();
        }
        return holdsProjection;
    }

    /** Lets a standby instance take the projection, for instance when this one declares an older version. */
    void releaseProjection() throws SQLException {
        if (holdsProjection) {
            holdsProjection = false;
            notifications.unlisten();
            call("select pg_advisory_unlock(hashtext(?))", projectionKey);
        }
    }

    /**
     * Shares the migration lock for one round, so that no build swaps the read model, and no {@code migrate}
     * catches the projection up, while this worker applies events. False while a migration holds it or waits
     * for it: PostgreSQL queues a shared request behind a waiting exclusive one, so a migration is never
     * starved by the rounds of busy workers.
     */
    boolean tryShareMigrationLock() throws SQLException {
        return call("select pg_try_advisory_lock_shared(hashtext(?))", migrationKey);
    }

    void releaseMigrationLock() throws SQLException {
        call("select pg_advisory_unlock_shared(hashtext(?))", migrationKey);
    }

    /**
     * Whether committed events wait behind an append that is still open: they lie at or above the horizon the
     * replay stops at, and the notification of their commit was already used.
     */
    boolean eventsWaitBehindOpenTransactions() throws SQLException {
        long now = horizon.horizon(connection);
        waitsOnTheSameAppend = now == waitHorizon;
        waitHorizon = now;
        return horizon.highestCommittedKey(connection) >= now;
    }

    /**
     * Whether the last wait was behind the same append as the one before. An append notifies at commit a little
     * before it releases its locks, so a worker woken by it may still find it in flight; the next append it
     * waits on is another one, and is looked at again soon rather than after a wait grown for a long one.
     */
    boolean waitsOnTheSameAppend() {
        return waitsOnTheSameAppend;
    }

    boolean isValid() {
        try {
            return connection.isValid(2);
        } catch (SQLException e) {
            return false;
        }
    }

    private boolean call(String sql, String key) throws SQLException {
        try (PreparedStatement statement = connection.prepareStatement(sql)) {
            statement.setString(1, key);
            try (ResultSet rs = statement.executeQuery()) {
                rs.next();
                return rs.getBoolean(1);
            }
        }
    }

    /** Releases every lock and the LISTEN registration, then closes; a broken connection is just closed. */
    @Override
    public void close() {
        holdsProjection = false;
        try {
            if (!connection.isClosed()) {
                try (Statement s = connection.createStatement()) {
                    s.execute("unlisten *");
                    s.execute("select pg_advisory_unlock_all()");
                }
            }
        } catch (SQLException ignored) {
            // the connection is gone, and its session state with it
        } finally {
            try {
                connection.close();
            } catch (SQLException ignored) {
                // nothing more to release
            }
        }
    }
}

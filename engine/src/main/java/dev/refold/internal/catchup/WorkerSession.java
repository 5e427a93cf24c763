package dev.refold.internal.catchup;

import dev.refold.internal.db.Database;
import dev.refold.internal.db.AdvisoryLocks;
import dev.refold.internal.log.AppendHorizon;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;

/**
 * The dedicated connection of one projection's worker. It carries session state that must never be handed
 * back to a pool: the projection's advisory lock (one active worker per projection across every instance;
 * it is released by the server when the instance dies, so a standby takes over within its retry interval),
 * the shared hold on the projection's live lock around each round, and the LISTEN registration.
 */
final class WorkerSession implements AutoCloseable {
    private final Connection connection;
    private final String projectionKey;
    private final String liveKey;
    private final AppendHorizon horizon;
    private long waitHorizon = -1;
    private boolean waitsOnTheSameAppend;
    private final LogNotifications notifications;
    private boolean holdsProjection;

    private WorkerSession(Connection connection, String schema, String projection) {
        this.connection = connection;
        this.projectionKey = AdvisoryLocks.projection(schema, projection);
        this.liveKey = AdvisoryLocks.live(schema, projection);
        this.horizon = new AppendHorizon(schema);
        this.notifications = new LogNotifications(connection, schema);
    }

    static WorkerSession open(Database database, String schema, String projection) throws SQLException {
        Connection connection = database.sessionConnection();
        try {
            connection.setAutoCommit(true);
            return new WorkerSession(connection, schema, projection);
        } catch (SQLException | RuntimeException e) {
            connection.close();
            throw e;
        }
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
     * Shares this projection's live lock for one round, so that no swap replaces the read model, and no
     * {@code migrate} catches it up, while this worker applies events. It is this projection's alone: a build
     * of another projection, or the replay of this one's shadow, never holds it, so catch-up goes on through
     * both. False while a swap holds it or waits for it: PostgreSQL queues a shared request behind a waiting
     * exclusive one, so a swap is never starved by the rounds of a busy worker.
     */
    boolean tryShareLiveLock() throws SQLException {
        return call("select pg_try_advisory_lock_shared(hashtext(?))", liveKey);
    }

    void releaseLiveLock() throws SQLException {
        call("select pg_advisory_unlock_shared(hashtext(?))", liveKey);
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

package dev.refold.internal.command;

import dev.refold.MigrationLockException;
import dev.refold.RefoldException;
import dev.refold.internal.db.AdvisoryLocks;
import dev.refold.internal.db.Database;
import dev.refold.internal.listener.Listeners;
import dev.refold.listener.LockWaited;
import org.postgresql.util.PSQLException;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.function.Supplier;

/**
 * One instance migrates at a time: a session-level advisory lock on a connection held for the duration, as
 * Flyway does. Session-level rather than transaction-level because a build commits many transactions.
 */
public final class MigrationLock {
    private final Database database;
    private final String schema;
    private final Duration timeout;
    private final Listeners listeners;

    public MigrationLock(Database database, String schema, Duration timeout, Listeners listeners) {
        this.database = database;
        this.schema = schema;
        this.timeout = timeout;
        this.listeners = listeners;
    }

    public <T> T run(Supplier<T> work) {
        try (Connection connection = database.connection()) {
            String key = AdvisoryLocks.migration(schema);
            try (Statement s = connection.createStatement()) {
                s.execute("set lock_timeout = " + Math.max(1, timeout.toMillis()));
            }
            try {
                lock(connection, key);
            } catch (PSQLException e) {
                if ("55P03".equals(e.getSQLState())) {
                    throw new MigrationLockException("Another Refold instance held the migration lock of schema '" + schema
                            + "' for longer than refold.lockTimeout (" + timeout.toSeconds() + " s); try again, or raise refold.lockTimeout");
                }
                throw e;
            } finally {
                try (Statement s = connection.createStatement()) {
                    s.execute("reset lock_timeout");
                }
            }
            try {
                return work.get();
            } finally {
                try (PreparedStatement unlock = connection.prepareStatement("select pg_advisory_unlock(hashtext(?))")) {
                    unlock.setString(1, key);
                    unlock.execute();
                }
            }
        } catch (SQLException e) {
            throw new RefoldException("Cannot take the migration lock: " + e.getMessage(), e);
        }
    }

    /** Tries first, so that a wait behind another instance can be reported with its length. */
    private void lock(Connection connection, String key) throws SQLException {
        try (PreparedStatement tryLock = connection.prepareStatement("select pg_try_advisory_lock(hashtext(?))")) {
            tryLock.setString(1, key);
            try (ResultSet rs = tryLock.executeQuery()) {
                rs.next();
                if (rs.getBoolean(1)) {
                    return;
                }
            }
        }
        long started = System.nanoTime();
        try (PreparedStatement lock = connection.prepareStatement("select pg_advisory_lock(hashtext(?))")) {
            lock.setString(1, key);
            lock.execute();
        }
        listeners.lockWaited(new LockWaited("migration of schema '" + schema + "'", Duration.ofNanos(System.nanoTime() - started)));
    }
}

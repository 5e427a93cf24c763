package dev.refold.internal.command;

import dev.refold.MigrationLockException;
import dev.refold.RefoldException;
import dev.refold.internal.db.AdvisoryLocks;
import dev.refold.internal.db.Database;
import org.postgresql.util.PSQLException;

import java.sql.Connection;
import java.sql.PreparedStatement;
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

    public MigrationLock(Database database, String schema, Duration timeout) {
        this.database = database;
        this.schema = schema;
        this.timeout = timeout;
    }

    public <T> T run(Supplier<T> work) {
        try (Connection connection = database.connection()) {
            String key = AdvisoryLocks.migration(schema);
            try (Statement s = connection.createStatement()) {
                s.execute("set lock_timeout = " + Math.max(1, timeout.toMillis()));
            }
            try (PreparedStatement lock = connection.prepareStatement("select pg_advisory_lock(hashtext(?))")) {
                lock.setString(1, key);
                lock.execute();
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
}

package dev.refold.internal.coordination;

import dev.refold.MigrationLockException;
import org.postgresql.util.PSQLException;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;

/** Taking and releasing Refold's advisory locks ({@code hashtext(key)}); a timeout names who holds the lock. */
public final class SessionLocks {
    private SessionLocks() {
    }

    /**
     * Waits up to {@code timeout} for the session lock; on timeout throws {@link MigrationLockException} whose
     * message starts with {@code what} and names the holder.
     */
    public static void lock(Connection connection, String key, Duration timeout, String what) throws SQLException {
        try (Statement s = connection.createStatement()) {
            s.execute("set lock_timeout = " + Math.max(1, timeout.toMillis()));
        }
        try {
            call(connection, "select pg_advisory_lock(hashtext(?)) is null", key);
        } catch (PSQLException e) {
            if ("55P03".equals(e.getSQLState())) {
                throw new MigrationLockException(what + " for longer than refold.lockTimeout (" + timeout.toSeconds() + " s), "
                        + LockHolders.describe(connection, key) + "; try again, or raise refold.lockTimeout");
            }
            throw e;
        } finally {
            try (Statement s = connection.createStatement()) {
                s.execute("reset lock_timeout");
            }
        }
    }

    public static boolean tryLock(Connection connection, String key) throws SQLException {
        return call(connection, "select pg_try_advisory_lock(hashtext(?))", key);
    }

    public static void unlock(Connection connection, String key) throws SQLException {
        call(connection, "select pg_advisory_unlock(hashtext(?))", key);
    }

    /** Until the caller's transaction ends; it waits under the transaction's own lock_timeout. */
    public static void lockForTransaction(Connection connection, String key) throws SQLException {
        call(connection, "select pg_advisory_xact_lock(hashtext(?)) is null", key);
    }

    private static boolean call(Connection connection, String sql, String key) throws SQLException {
        try (PreparedStatement statement = connection.prepareStatement(sql)) {
            statement.setString(1, key);
            try (ResultSet rs = statement.executeQuery()) {
                rs.next();
                return rs.getBoolean(1);
            }
        }
    }
}

package dev.refold.internal.schema;

import dev.refold.MigrationLockException;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;

/**
 * Serialises the application of Refold's changelog between instances. A session advisory lock rather than
 * Liquibase's table lock: PostgreSQL releases it when the session ends, so an instance killed with -9 in the
 * middle of Liquibase leaves nothing that blocks the next start.
 */
final class SchemaLock implements AutoCloseable {
    private final Connection connection;
    private final String key;

    private SchemaLock(Connection connection, String key) {
        this.connection = connection;
        this.key = key;
    }

    static SchemaLock acquire(Connection connection, String schema, Duration timeout) throws SQLException {
        String key = "refold.schema:" + schema;
        try (Statement s = connection.createStatement()) {
            s.execute("set lock_timeout = " + Math.max(1, timeout.toMillis()));
        }
        try (PreparedStatement lock = connection.prepareStatement("select pg_advisory_lock(hashtext(?))")) {
            lock.setString(1, key);
            lock.execute();
        } catch (SQLException e) {
            if ("55P03".equals(e.getSQLState())) {
                throw new MigrationLockException("Another Refold instance has been applying Refold's schema '" + schema
                        + "' for longer than refold.lockTimeout (" + timeout.toSeconds() + " s); try again, or raise refold.lockTimeout");
            }
            throw e;
        } finally {
            try (Statement s = connection.createStatement()) {
                s.execute("reset lock_timeout");
            }
        }
        return new SchemaLock(connection, key);
    }

    @Override
    public void close() throws SQLException {
        try (PreparedStatement unlock = connection.prepareStatement("select pg_advisory_unlock(hashtext(?))")) {
            unlock.setString(1, key);
            unlock.execute();
        }
    }
}

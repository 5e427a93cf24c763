package dev.refold.internal.log;

import dev.refold.internal.db.Database;
import org.jooq.ConnectionProvider;

import java.sql.Connection;
import java.sql.SQLException;

/**
 * Where the log's operations get a connection, and whether a transaction open on it is Refold's to end.
 * Refold's own connections come from its pool and every operation runs in a transaction of its own. A
 * caller's connection may carry the caller's transaction, which Refold joins and never ends.
 */
sealed interface LogConnections {

    Connection acquire() throws SQLException;

    void release(Connection connection) throws SQLException;

    /** True when the connections are the caller's: Refold must not commit, roll back or reconfigure theirs. */
    boolean callers();

    record Own(Database database) implements LogConnections {
        public Connection acquire() {
            return database.connection();
        }

        public void release(Connection connection) throws SQLException {
            connection.close();
        }

        public boolean callers() {
            return false;
        }
    }

    /** One connection the caller holds; closing it is the caller's business. */
    record Given(Connection connection) implements LogConnections {
        public Connection acquire() {
            return connection;
        }

        public void release(Connection connection) {
            // the caller's connection stays open
        }

        public boolean callers() {
            return true;
        }
    }

    /**
     * A jOOQ context's connections: each operation acquires one and releases it, which inside a jOOQ
     * {@code transaction(...)} or a Spring-managed transaction is the transaction's connection.
     */
    record Provided(ConnectionProvider provider) implements LogConnections {
        public Connection acquire() {
            return provider.acquire();
        }

        public void release(Connection connection) {
            provider.release(connection);
        }

        public boolean callers() {
            return true;
        }
    }
}

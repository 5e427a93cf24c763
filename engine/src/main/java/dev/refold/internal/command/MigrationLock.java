package dev.refold.internal.command;

import dev.refold.RefoldException;
import dev.refold.internal.coordination.SessionLocks;
import dev.refold.internal.db.AdvisoryLocks;
import dev.refold.internal.db.Database;
import dev.refold.internal.listener.Listeners;
import dev.refold.listener.LockWaited;

import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.util.function.Supplier;

/**
 * One instance plans at a time: a session-level advisory lock, as Flyway's, but held only while migrate or
 * repair reads the statuses, validates, claims builds and makes schema-level changes (dropping orphans). A
 * build runs after it is released, under its projection's own claim, so a long rebuild never makes another
 * instance wait here.
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
            lock(connection, key);
            try {
                return work.get();
            } finally {
                SessionLocks.unlock(connection, key);
            }
        } catch (SQLException e) {
            throw new RefoldException("Cannot take the migration lock: " + e.getMessage(), e);
        }
    }

    /** Tries first, so that a wait behind another instance can be reported with its length. */
    private void lock(Connection connection, String key) throws SQLException {
        if (SessionLocks.tryLock(connection, key)) {
            return;
        }
        long started = System.nanoTime();
        SessionLocks.lock(connection, key, timeout, "Another Refold instance held the migration lock of schema '" + schema + "'");
        listeners.lockWaited(new LockWaited("migration of schema '" + schema + "'", Duration.ofNanos(System.nanoTime() - started)));
    }
}

package dev.refold.internal.command;

import dev.refold.RefoldException;
import dev.refold.internal.coordination.SessionLocks;
import dev.refold.internal.db.AdvisoryLocks;
import dev.refold.internal.db.Database;

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

    public MigrationLock(Database database, String schema, Duration timeout) {
        this.database = database;
        this.schema = schema;
        this.timeout = timeout;
    }

    public <T> T run(Supplier<T> work) {
        try (Connection connection = database.connection()) {
            String key = AdvisoryLocks.migration(schema);
            SessionLocks.lock(connection, key, timeout, "Another Refold instance held the migration lock of schema '" + schema + "'");
            try {
                return work.get();
            } finally {
                SessionLocks.unlock(connection, key);
            }
        } catch (SQLException e) {
            throw new RefoldException("Cannot take the migration lock: " + e.getMessage(), e);
        }
    }
}

package dev.refold.internal.schema;

import dev.refold.internal.db.Identifiers;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;

/**
 * Liquibase's lock row in {@code databasechangeloglock} outlives the process that set it: an instance killed
 * while applying the changelog leaves it locked, and every later Liquibase run would wait for it. Refold runs
 * Liquibase on its own schema only under {@link SchemaLock}, so once that is held no live instance can own the
 * row, and it is released.
 */
final class StaleChangelogLock {
    private static final Logger LOG = LoggerFactory.getLogger(StaleChangelogLock.class);

    private StaleChangelogLock() {
    }

    static void release(Connection connection, String schema) throws SQLException {
        String table = Identifiers.quote(schema) + ".databasechangeloglock";
        try (PreparedStatement exists = connection.prepareStatement("select to_regclass(?) is not null")) {
            exists.setString(1, table);
            try (ResultSet rs = exists.executeQuery()) {
                rs.next();
                if (!rs.getBoolean(1)) {
                    return;
                }
            }
        }
        try (PreparedStatement clear = connection.prepareStatement("update " + table
                + " set locked = false, lockgranted = null, lockedby = null where locked returning lockedby, lockgranted");
             ResultSet rs = clear.executeQuery()) {
            while (rs.next()) {
                LOG.warn("Released Liquibase's lock on {}, left by {} since {}: that instance stopped while applying Refold's schema",
                        table, rs.getString(1), rs.getTimestamp(2));
            }
        }
    }
}

package dev.refold.internal.schema;

import dev.refold.RefoldException;
import dev.refold.internal.db.Database;
import dev.refold.internal.db.Identifiers;
import liquibase.Scope;
import liquibase.command.CommandScope;
import liquibase.command.core.UpdateCommandStep;
import liquibase.command.core.helpers.DatabaseChangelogCommandStep;
import liquibase.command.core.helpers.DbUrlConnectionArgumentsCommandStep;
import liquibase.changelog.ChangeLogParameters;
import liquibase.database.DatabaseFactory;
import liquibase.database.jvm.JdbcConnection;
import liquibase.ui.LoggerUIService;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.OutputStream;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.logging.Level;

/**
 * Refold's own tables, made by its Liquibase changelog the first time something needs them. A normal start
 * costs one query; only when the changelog is not fully applied does an instance take {@link SchemaLock} and
 * run Liquibase, so of many instances starting on a new database one applies it and the others wait.
 */
public final class RefoldSchema {
    private static final Logger LOG = LoggerFactory.getLogger(RefoldSchema.class);
    public static final String CHANGELOG = "refold/db/changelog/refold-changelog.xml";
    private static final int CHANGESETS = 6;

    private final Database database;
    private final String schema;
    private final Duration lockTimeout;
    private volatile boolean ready;

    public RefoldSchema(Database database, String schema, Duration lockTimeout) {
        this.database = database;
        this.schema = Identifiers.require(schema, "refold.schema");
        this.lockTimeout = lockTimeout;
    }

    /** Applies the changelog unless it is applied already; cheap after the first call. */
    public void ensure() {
        if (ready) {
            return;
        }
        synchronized (this) {
            if (!ready) {
                apply();
                ready = true;
            }
        }
    }

    /** Whether Refold's tables exist (made by Refold, or by a team's Liquibase that includes the changelog). */
    public boolean exists() {
        if (ready) {
            return true;
        }
        try (Connection connection = database.connection();
             PreparedStatement query = connection.prepareStatement("select to_regclass(?) is not null")) {
            query.setString(1, Identifiers.quote(schema) + ".projection_checkpoints");
            try (ResultSet rs = query.executeQuery()) {
                rs.next();
                return rs.getBoolean(1);
            }
        } catch (SQLException e) {
            throw new RefoldException("Cannot check Refold's schema '" + schema + "' at " + database.url() + ": " + e.getMessage(), e);
        }
    }

    private void apply() {
        try (Connection connection = database.connection()) {
            if (upToDate(connection)) {
                return;
            }
            try (SchemaLock ignored = SchemaLock.acquire(connection, schema, lockTimeout)) {
                // Another instance may have applied it while this one waited for the lock.
                if (upToDate(connection)) {
                    return;
                }
                boolean existed = schemaExists(connection);
                StaleChangelogLock.release(connection, schema);
                try {
                    applyChangelog();
                } catch (RuntimeException e) {
                    if (!existed) {
                        dropHalfMade(connection);
                    }
                    throw e;
                }
            }
        } catch (SQLException e) {
            throw new RefoldException("Cannot create Refold's schema '" + schema + "' at " + database.url() + ": " + e.getMessage(), e);
        }
    }

    /**
     * Up to date when our own changelog table has every changeset, or when the team's Liquibase (which keeps
     * its changelog table elsewhere) has already created the tables from an include of this changelog.
     */
    private boolean upToDate(Connection connection) throws SQLException {
        try (PreparedStatement query = connection.prepareStatement("select to_regclass(?) is not null, to_regclass(?) is not null")) {
            query.setString(1, Identifiers.quote(schema) + ".databasechangelog");
            query.setString(2, Identifiers.quote(schema) + ".projection_checkpoints");
            try (ResultSet rs = query.executeQuery()) {
                rs.next();
                boolean ownChangelog = rs.getBoolean(1);
                boolean tables = rs.getBoolean(2);
                if (!ownChangelog) {
                    if (tables) {
                        requireAppendKeys(connection);
                    }
                    return tables;
                }
            }
        }
        try (PreparedStatement count = connection.prepareStatement(
                "select count(*) from " + Identifiers.quote(schema) + ".databasechangelog where filename = ?")) {
            count.setString(1, CHANGELOG);
            try (ResultSet rs = count.executeQuery()) {
                return rs.next() && rs.getInt(1) >= CHANGESETS;
            }
        }
    }

    /** The team's Liquibase applies Refold's changesets; this release cannot read a log without append keys. */
    private void requireAppendKeys(Connection connection) throws SQLException {
        try (PreparedStatement query = connection.prepareStatement("select to_regclass(?) is not null")) {
            query.setString(1, Identifiers.quote(schema) + ".append_key_seq");
            try (ResultSet rs = query.executeQuery()) {
                rs.next();
                if (!rs.getBoolean(1)) {
                    throw new RefoldException("Refold's schema '" + schema + "' is managed by your own Liquibase and lacks"
                            + " changeset refold-5-append-keys of " + CHANGELOG + ": run your Liquibase update first");
                }
            }
            query.setString(1, Identifiers.quote(schema) + ".bucket_checkpoints");
            try (ResultSet rs = query.executeQuery()) {
                rs.next();
                if (!rs.getBoolean(1)) {
                    throw new RefoldException("Refold's schema '" + schema + "' is managed by your own Liquibase and lacks"
                            + " changeset refold-6-bucket-checkpoints of " + CHANGELOG + ": run your Liquibase update first");
                }
            }
        }
    }

    private boolean schemaExists(Connection connection) throws SQLException {
        try (PreparedStatement query = connection.prepareStatement("select count(*) from pg_namespace where nspname = ?")) {
            query.setString(1, schema);
            try (ResultSet rs = query.executeQuery()) {
                rs.next();
                return rs.getInt(1) > 0;
            }
        }
    }

    /** A first start that failed half-way leaves nothing: the next start begins on a clean database. */
    private void dropHalfMade(Connection connection) {
        try (Statement statement = connection.createStatement()) {
            statement.execute("drop schema if exists " + Identifiers.quote(schema) + " cascade");
        } catch (SQLException e) {
            LOG.warn("Could not remove the half-made schema '{}': {}", schema, e.getMessage());
        }
    }

    /** On a connection of its own: Liquibase turns autocommit off on the one it is given. */
    private void applyChangelog() {
        java.util.logging.Logger.getLogger("liquibase").setLevel(Level.WARNING);
        Map<String, Object> scope = new HashMap<>();
        scope.put("liquibase.analytics.enabled", false);
        scope.put(Scope.Attr.ui.name(), new LoggerUIService());
        try (Connection connection = database.connection()) {
            try (Statement statement = connection.createStatement()) {
                statement.execute("create schema if not exists " + Identifiers.quote(schema));
            }
            liquibase.database.Database db = DatabaseFactory.getInstance()
                    .findCorrectDatabaseImplementation(new JdbcConnection(connection));
            db.setDefaultSchemaName(schema);
            db.setLiquibaseSchemaName(schema);
            Scope.child(scope, () -> {
                ChangeLogParameters parameters = new ChangeLogParameters(db);
                parameters.set("refold.schema", schema);
                new CommandScope(UpdateCommandStep.COMMAND_NAME)
                        .addArgumentValue(DbUrlConnectionArgumentsCommandStep.DATABASE_ARG, db)
                        .addArgumentValue(UpdateCommandStep.CHANGELOG_FILE_ARG, CHANGELOG)
                        .addArgumentValue(DatabaseChangelogCommandStep.CHANGELOG_PARAMETERS, parameters)
                        .addArgumentValue("showSummary", "OFF")
                        .addArgumentValue("showSummaryOutput", "LOG")
                        .setOutput(OutputStream.nullOutputStream())
                        .execute();
            });
        } catch (Exception e) {
            throw new RefoldException("Applying Refold's changelog " + CHANGELOG + " to schema '" + schema + "' failed: "
                    + e.getMessage(), e);
        }
    }
}

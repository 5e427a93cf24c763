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

import java.io.OutputStream;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.HashMap;
import java.util.Map;
import java.util.logging.Level;

/**
 * Applies Refold's Liquibase changelog. It runs only when the changelog is not fully applied yet, so a
 * normal startup costs one query instead of a Liquibase run.
 */
public final class RefoldSchema {
    public static final String CHANGELOG = "refold/db/changelog/refold-changelog.xml";
    private static final int CHANGESETS = 5;

    private RefoldSchema() {
    }

    public static void apply(Database database, String schema) {
        Identifiers.require(schema, "refold.schema");
        if (upToDate(database, schema)) {
            return;
        }
        // Liquibase turns autocommit off on the connection it is given, so it gets one of its own.
        try (Connection connection = database.connection()) {
            try (Statement statement = connection.createStatement()) {
                statement.execute("create schema if not exists " + Identifiers.quote(schema));
            }
            runLiquibase(connection, schema);
        } catch (SQLException e) {
            throw new RefoldException("Cannot create Refold's schema '" + schema + "' at " + database.url() + ": " + e.getMessage(), e);
        }
    }

    /**
     * Up to date when our own changelog table has every changeset, or when the team's Liquibase (which keeps
     * its changelog table elsewhere) has already created the tables from an include of this changelog.
     */
    private static boolean upToDate(Database database, String schema) {
        try (Connection connection = database.connection();
             PreparedStatement query = connection.prepareStatement("select to_regclass(?) is not null, to_regclass(?) is not null")) {
            query.setString(1, Identifiers.quote(schema) + ".databasechangelog");
            query.setString(2, Identifiers.quote(schema) + ".projection_checkpoints");
            try (ResultSet rs = query.executeQuery()) {
                rs.next();
                boolean ownChangelog = rs.getBoolean(1);
                boolean tables = rs.getBoolean(2);
                if (!ownChangelog) {
                    if (tables) {
                        requireAppendKeys(connection, schema);
                    }
                    return tables;
                }
            }
            try (PreparedStatement count = connection.prepareStatement(
                    "select count(*) from " + Identifiers.quote(schema) + ".databasechangelog where filename = ?")) {
                count.setString(1, CHANGELOG);
                try (ResultSet rs = count.executeQuery()) {
                    return rs.next() && rs.getInt(1) >= CHANGESETS;
                }
            }
        } catch (SQLException e) {
            throw new RefoldException("Cannot check Refold's schema '" + schema + "' at " + database.url() + ": " + e.getMessage(), e);
        }
    }

    /** The team's Liquibase applies Refold's changesets; this release cannot read a log without append keys. */
    private static void requireAppendKeys(Connection connection, String schema) throws SQLException {
        try (PreparedStatement query = connection.prepareStatement("select to_regclass(?) is not null")) {
            query.setString(1, Identifiers.quote(schema) + ".append_key_seq");
            try (ResultSet rs = query.executeQuery()) {
                rs.next();
                if (!rs.getBoolean(1)) {
                    throw new RefoldException("Refold's schema '" + schema + "' is managed by your own Liquibase and lacks"
                            + " changeset refold-5-append-keys of " + CHANGELOG + ": run your Liquibase update first");
                }
            }
        }
    }

    private static void runLiquibase(Connection connection, String schema) {
        java.util.logging.Logger.getLogger("liquibase").setLevel(Level.WARNING);
        Map<String, Object> scope = new HashMap<>();
        scope.put("liquibase.analytics.enabled", false);
        scope.put(Scope.Attr.ui.name(), new LoggerUIService());
        try {
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

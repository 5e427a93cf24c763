package dev.refold.internal.isolation;

import dev.refold.ProjectionBuildException;
import dev.refold.internal.db.Identifiers;
import dev.refold.internal.projection.DdlScript;
import dev.refold.internal.projection.ProjectionDefinition;
import org.postgresql.util.PSQLException;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;

/**
 * A projection's DDL, applied so that it can create and change objects in its shadow schema only. In the
 * caller's transaction, which must be REPEATABLE READ (see {@link CatalogFence}):
 * <ol>
 *   <li>the projection's role is made sure of ({@link ProjectionRole#ensure}), and the shadow schema is created
 *       owned by it;</li>
 *   <li>the DDL runs statement by statement under {@code SET LOCAL ROLE} to that role, with {@code search_path}
 *       the shadow: PostgreSQL refuses whatever the role has no right to, and a statement that changes the
 *       role is caught before the next one runs;</li>
 *   <li>{@link CatalogFence} checks that nothing outside the shadow changed, whatever rights the DDL had.</li>
 * </ol>
 * Any failure rolls the transaction back and is reported with the DDL file, the line and the statement.
 * Extensions cannot be created by the role: they are installed beforehand, by whoever administers the database.
 */
public final class DdlSandbox {
    private DdlSandbox() {
    }

    /**
     * Begins the DDL's transaction as REPEATABLE READ. The first statement of the caller's transaction: the
     * level cannot change once the transaction has read anything.
     */
    public static void beginTransaction(Connection connection) throws SQLException {
        try (Statement s = connection.createStatement()) {
            s.execute("set transaction isolation level repeatable read");
        }
    }

    public static void apply(Connection connection, ProjectionDefinition projection, String schema) throws SQLException {
        DdlScript ddl = projection.ddl();
        String role = ProjectionRole.ensure(connection, projection.name());
        CatalogFence fence = CatalogFence.capture(connection, schema);
        String expectedUser = role;
        try (Statement s = connection.createStatement()) {
            s.execute("create schema " + Identifiers.quote(schema) + (role == null ? "" : " authorization " + Identifiers.quote(role)));
            if (role != null) {
                s.execute("set local role " + Identifiers.quote(role));
            } else {
                expectedUser = currentUser(s);
            }
            s.execute("set local search_path to " + Identifiers.quote(schema));
        }
        String sql = ddl.sql();
        for (SqlScript.Statement statement : SqlScript.split(sql)) {
            try (Statement s = connection.createStatement()) {
                s.execute(statement.sql());
                String user = currentUser(s);
                if (!expectedUser.equals(user)) {
                    throw refused(connection, projection, statement, statement.line(sql, 1),
                            "it changed the role the DDL runs as, to '" + user + "'", null);
                }
            } catch (PSQLException e) {
                int position = e.getServerErrorMessage() == null ? 0 : e.getServerErrorMessage().getPosition();
                throw refused(connection, projection, statement, statement.line(sql, position), firstLine(e.getMessage()), e);
            }
        }
        try (Statement s = connection.createStatement()) {
            s.execute("reset role");
            s.execute("set local search_path to default");
        }
        List<String> changes = fence.changesOutside(connection);
        if (!changes.isEmpty()) {
            connection.rollback();
            throw new ProjectionBuildException(projection.name(), projection.version(), null, null,
                    "The DDL of projection '" + projection.name() + "' v" + projection.version() + " (" + ddl.resource()
                            + ") reached outside its own schema, which is not allowed; nothing of it was kept: "
                            + String.join("; ", changes), null);
        }
    }

    private static ProjectionBuildException refused(Connection connection, ProjectionDefinition projection,
                                                    SqlScript.Statement statement, int line, String why, Exception cause)
            throws SQLException {
        connection.rollback();
        return new ProjectionBuildException(projection.name(), projection.version(), null, null,
                "The DDL of projection '" + projection.name() + "' v" + projection.version() + " (" + projection.ddl().resource()
                        + ", line " + line + ": " + statement.summary() + ") failed: " + why
                        + (why.contains("permission denied") || why.contains("must be owner")
                        ? " (a projection's DDL may create and change objects in its own schema only)" : ""), cause);
    }

    private static String currentUser(Statement s) throws SQLException {
        try (ResultSet rs = s.executeQuery("select current_user")) {
            rs.next();
            return rs.getString(1);
        }
    }

    private static String firstLine(String message) {
        int newline = message.indexOf('\n');
        return newline < 0 ? message : message.substring(0, newline);
    }
}

package dev.refold.internal.isolation;

import dev.refold.internal.db.Identifiers;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;

/**
 * A replay's writer connection runs the handlers as the projection's role, for the whole session, so every
 * statement a handler sends (jOOQ, plain SQL, the deferred function) has that role's rights and no more.
 *
 * <p>Refold's own statements on that connection that need more (the checkpoint, which must commit in the
 * same transaction as the rows, and reading the log to skip ahead) are preceded by {@link #asRefold}: a
 * {@code SET LOCAL ROLE NONE} that lasts until the transaction ends, when PostgreSQL itself restores the
 * session's role. That is two places in the replay, against a SECURITY DEFINER function per Refold write, which
 * would need its own grants (and a schema the role can see) and would let handlers call it too. Everything else
 * Refold does on the writer (COPY into the shadow, the fold's temporary staging table, the pg_temp function)
 * touches only the projection's own schema or the session's temporary one, so it runs as the role.
 */
public final class HandlerIsolation {
    private static final HandlerIsolation NONE = new HandlerIsolation(null, null);

    private final String projection;
    /** Null: not isolated (see {@link ProjectionRole#owning}). */
    private final String role;

    private HandlerIsolation(String projection, String role) {
        this.projection = projection;
        this.role = role;
    }

    /** Takes on the role that owns {@code schema}, if one does, for the rest of the session; commits. */
    public static HandlerIsolation enter(Connection writer, String projection, String schema) throws SQLException {
        String role = ProjectionRole.owning(writer, projection, schema);
        if (role == null) {
            writer.commit();
            return NONE;
        }
        try (Statement s = writer.createStatement()) {
            s.execute("set role " + Identifiers.quote(role));
        }
        writer.commit();
        return new HandlerIsolation(projection, role);
    }

    /**
     * Refold's rights until the current transaction ends. A handler that changed the session's role (plain
     * {@code RESET ROLE} or {@code SET ROLE}) and left it changed is caught here, before the batch commits.
     */
    public void asRefold(Connection writer) throws SQLException {
        if (role == null) {
            return;
        }
        try (Statement s = writer.createStatement()) {
            // One round trip. The marker says this transaction already switched, so a second call is not taken
            // for a handler's RESET ROLE; it ends with the transaction, as the role does.
            s.execute("select current_user, current_setting('refold.writer', true); set local role none;"
                    + " set local refold.writer to 'refold'");
            try (ResultSet rs = s.getResultSet()) {
                rs.next();
                if (!"refold".equals(rs.getString(2)) && !role.equals(rs.getString(1))) {
                    writer.rollback();
                    throw new SQLException("a handler of projection '" + projection + "' changed its role to '" + rs.getString(1)
                            + "' (SET ROLE or RESET ROLE): the batch was rolled back; handlers must run as " + role, "42501");
                }
            }
        }
    }
}

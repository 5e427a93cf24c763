package dev.refold.internal.isolation;

import dev.refold.internal.db.Identifiers;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Savepoint;
import java.sql.Statement;
import java.util.HexFormat;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * The PostgreSQL role a projection's DDL and handlers run as. It owns the projection's shadow schema (and so,
 * after the swap, its live schema) and is granted nothing else, so PostgreSQL itself refuses a write to
 * Refold's tables or to another projection's schema, whether it comes through jOOQ or plain SQL.
 *
 * <p>One role per projection name, reused by every version: a name is unique within a database, and a role
 * that several databases of one cluster share is harmless, because what it may do is granted per database
 * object. It is NOLOGIN: only a Refold connection that is a member can take it on, with {@code SET ROLE}.
 */
public final class ProjectionRole {
    private static final Logger LOG = LoggerFactory.getLogger(ProjectionRole.class);
    private static final AtomicBoolean WARNED = new AtomicBoolean();

    private ProjectionRole() {
    }

    /** The role's name: short and safe whatever the projection's name. */
    public static String name(String projection) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(("refold-projection:" + projection).getBytes(StandardCharsets.UTF_8));
            return Identifiers.require("refold_p_" + HexFormat.of().formatHex(digest, 0, 8), "Projection role");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /**
     * Makes sure the projection's role exists and that this connection may take it on; returns its name, or
     * null when this connection cannot create roles (then DDL is still fenced, but handlers are not isolated,
     * which is logged once). Runs in the caller's transaction, under a savepoint, so a refusal costs nothing.
     */
    public static String ensure(Connection connection, String projection) throws SQLException {
        String role = name(projection);
        Privileges privileges = privileges(connection, role);
        if (privileges.superuser()) {
            if (!privileges.roleExists()) {
                create(connection, role, false);
            }
            return role;
        }
        if (privileges.canSetRole()) {
            return role;
        }
        if (!privileges.createRole()) {
            warnNotIsolated("the connection's user '" + privileges.user() + "' may not create roles (it is neither superuser nor CREATEROLE)");
            return null;
        }
        Savepoint savepoint = connection.setSavepoint();
        try {
            create(connection, role, !privileges.roleExists());
            connection.releaseSavepoint(savepoint);
            return role;
        } catch (SQLException refused) {
            connection.rollback(savepoint);
            warnNotIsolated("creating or joining role " + role + " was refused: " + refused.getMessage());
            return null;
        }
    }

    private static void create(Connection connection, String role, boolean createIt) throws SQLException {
        try (Statement s = connection.createStatement()) {
            if (createIt || !exists(connection, role)) {
                Savepoint racing = connection.setSavepoint();
                try {
                    s.execute("create role " + Identifiers.quote(role) + " nologin");
                    connection.releaseSavepoint(racing);
                } catch (SQLException e) {
                    // Another database of the cluster, or another instance, created it first: the same role will do.
                    connection.rollback(racing);
                    if (!"42710".equals(e.getSQLState()) && !"23505".equals(e.getSQLState())) {
                        throw e;
                    }
                }
            }
            if (!superuser(connection)) {
                // PostgreSQL 16 gives a CREATEROLE user only ADMIN on the roles it creates; it needs SET to take the
                // role on, and INHERIT to alter the tables the role owns (SET LOGGED, the swap's renames).
                boolean pg16 = connection.getMetaData().getDatabaseMajorVersion() >= 16;
                s.execute("grant " + Identifiers.quote(role) + " to current_user" + (pg16 ? " with inherit true, set true" : ""));
            }
        }
    }

    /**
     * The role to run {@code schema}'s handlers as: the projection's role if it owns the schema, else null (a
     * read model built before Refold isolated projections, or on a server where roles could not be created).
     */
    public static String owning(Connection connection, String projection, String schema) throws SQLException {
        String role = name(projection);
        try (PreparedStatement q = connection.prepareStatement(
                "select 1 from pg_namespace n join pg_roles r on r.oid = n.nspowner where n.nspname = ? and r.rolname = ?")) {
            q.setString(1, schema);
            q.setString(2, role);
            try (ResultSet rs = q.executeQuery()) {
                if (rs.next()) {
                    return role;
                }
            }
        }
        warnNotIsolated("schema '" + schema + "' is not owned by role " + role + " (built before isolation, or without it);"
                + " its next rebuild isolates it");
        return null;
    }

    /** Drops the projection's role once nothing in any database depends on it any more. */
    public static void dropIfUnused(Connection connection, String projection) throws SQLException {
        String role = name(projection);
        if (!exists(connection, role)) {
            return;
        }
        boolean autoCommit = connection.getAutoCommit();
        connection.setAutoCommit(false);
        Savepoint savepoint = connection.setSavepoint();
        try (Statement s = connection.createStatement()) {
            s.execute("drop role " + Identifiers.quote(role));
            connection.releaseSavepoint(savepoint);
        } catch (SQLException inUse) {
            // Still owns or is granted something, here or in another database of the cluster: keep it.
            connection.rollback(savepoint);
            LOG.debug("Role {} of projection {} kept: {}", role, projection, inUse.getMessage());
        } finally {
            connection.commit();
            connection.setAutoCommit(autoCommit);
        }
    }

    private static boolean exists(Connection connection, String role) throws SQLException {
        try (PreparedStatement q = connection.prepareStatement("select 1 from pg_roles where rolname = ?")) {
            q.setString(1, role);
            try (ResultSet rs = q.executeQuery()) {
                return rs.next();
            }
        }
    }

    private static boolean superuser(Connection connection) throws SQLException {
        try (Statement s = connection.createStatement(); ResultSet rs = s.executeQuery(
                "select rolsuper from pg_roles where rolname = current_user")) {
            return rs.next() && rs.getBoolean(1);
        }
    }

    private record Privileges(String user, boolean superuser, boolean createRole, boolean roleExists, boolean canSetRole) {
    }

    private static Privileges privileges(Connection connection, String role) throws SQLException {
        try (PreparedStatement q = connection.prepareStatement("select current_user, u.rolsuper, u.rolcreaterole,"
                + " r.oid is not null, r.oid is not null and pg_has_role(current_user, r.oid, 'USAGE')"
                + " and pg_has_role(current_user, r.oid, 'MEMBER')"
                + " from pg_roles u left join pg_roles r on r.rolname = ? where u.rolname = current_user")) {
            q.setString(1, role);
            try (ResultSet rs = q.executeQuery()) {
                rs.next();
                return new Privileges(rs.getString(1), rs.getBoolean(2), rs.getBoolean(3), rs.getBoolean(4), rs.getBoolean(5));
            }
        }
    }

    private static void warnNotIsolated(String why) {
        if (WARNED.compareAndSet(false, true)) {
            LOG.warn("Projection handlers are not isolated: {}. Their writes are not confined to their own schema"
                    + " (DDL still is: it runs in one transaction, checked before it commits). See the README,"
                    + " \"What Refold guarantees: isolation\".", why);
        }
    }
}

package dev.refold.internal.build;

import dev.refold.internal.db.Identifiers;
import dev.refold.internal.history.Checkpoint;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Savepoint;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * Shadow tables are filled UNLOGGED (no WAL: bulk loading runs several times faster) and set LOGGED before
 * the swap. PostgreSQL empties unlogged tables when it recovers from a crash, so a build whose checkpoint
 * records an earlier server start must start over rather than resume.
 */
final class UnloggedTables {
    private UnloggedTables() {
    }

    /**
     * Returns false, changing nothing, where the DDL does not allow it (foreign keys from logged tables). Where
     * it does, the tables also get their {@link BulkLoadStorage bulk-load settings}: only an unlogged shadow is
     * rewritten by {@link #setLogged}, which is what makes those settings safe to undo.
     */
    static boolean trySetUnlogged(Connection connection, String schema) throws SQLException {
        Savepoint before = connection.setSavepoint();
        try (Statement s = connection.createStatement()) {
            List<String> referencingFirst = tables(connection, schema);
            Collections.reverse(referencingFirst);
            for (String table : referencingFirst) {
                s.execute("alter table " + Identifiers.qualified(schema, table) + " set unlogged");
            }
            connection.releaseSavepoint(before);
        } catch (SQLException e) {
            connection.rollback(before);
            return false;
        }
        BulkLoadStorage.tune(connection, schema);
        return true;
    }

    /** Undoes the bulk-load settings first, so that the rewrite leaves each table as its DDL says. */
    static void setLogged(Connection connection, String schema) throws SQLException {
        BulkLoadStorage.restore(connection, schema);
        try (Statement s = connection.createStatement()) {
            for (String table : tables(connection, schema)) {
                s.execute("alter table " + Identifiers.qualified(schema, table) + " set logged");
            }
        }
    }

    static boolean lostInCrash(Connection connection, Checkpoint checkpoint) throws SQLException {
        if (checkpoint.serverStartedAt() == null) {
            return false;
        }
        try (Statement s = connection.createStatement(); ResultSet rs = s.executeQuery("select pg_postmaster_start_time()")) {
            rs.next();
            return !rs.getTimestamp(1).toInstant().equals(checkpoint.serverStartedAt());
        }
    }

    /** Tables of the schema, referenced tables first so that foreign keys allow each change. */
    private static List<String> tables(Connection connection, String schema) throws SQLException {
        List<String> tables = new ArrayList<>();
        try (PreparedStatement query = connection.prepareStatement(
                "select c.relname from pg_class c join pg_namespace n on n.oid = c.relnamespace"
                        + " where n.nspname = ? and c.relkind in ('r', 'p')"
                        + " order by (select count(*) from pg_constraint f where f.conrelid = c.oid and f.contype = 'f'), c.relname")) {
            query.setString(1, schema);
            try (ResultSet rs = query.executeQuery()) {
                while (rs.next()) {
                    tables.add(rs.getString(1));
                }
            }
        }
        return tables;
    }
}

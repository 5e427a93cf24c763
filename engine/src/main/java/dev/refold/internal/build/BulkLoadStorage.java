package dev.refold.internal.build;

import dev.refold.internal.db.Identifiers;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;

/**
 * Storage settings for the shadow's tables while a rebuild fills them, undone before they serve readers.
 *
 * <p>Why: a handler-style rebuild updates each row many times (an order's total, once per item). With
 * PostgreSQL's default fillfactor of 100 the pages are full, so each update writes its new row version on
 * another page and inserts a new index entry; with free room on the page the update stays HOT, touching no
 * index. Autovacuum would also keep vacuuming a table that nobody reads yet. Neither setting changes a row.
 *
 * <p>Only tables whose DDL sets no storage parameters are tuned, and only in a shadow filled UNLOGGED: its
 * {@code SET LOGGED} rewrites every table after {@link #restore}, so the table readers get is compact and
 * stored as the DDL says. The list of tuned tables is the shadow schema's comment, so that a build resumed
 * after a crash still restores them; the comment goes with the restore.
 */
final class BulkLoadStorage {
    /** Room for about two more versions of each row on its page. */
    static final String SETTINGS = "fillfactor = 40, autovacuum_enabled = false";
    private static final String MARKER = "refold bulk-load storage: ";

    private BulkLoadStorage() {
    }

    static void tune(Connection connection, String schema) throws SQLException {
        List<String> tables = new ArrayList<>();
        String comment = null;
        try (PreparedStatement query = connection.prepareStatement(
                "select c.relname, format('comment on schema %I is %L', n.nspname, ? || (array_agg(c.relname) over ())::text)"
                        + " from pg_class c join pg_namespace n on n.oid = c.relnamespace"
                        // a schema comment of the DDL's own would be lost: then the tables stay as they are
                        + " where n.nspname = ? and c.relkind = 'r' and c.reloptions is null"
                        + " and obj_description(n.oid, 'pg_namespace') is null")) {
            query.setString(1, MARKER);
            query.setString(2, schema);
            try (ResultSet rs = query.executeQuery()) {
                while (rs.next()) {
                    tables.add(rs.getString(1));
                    comment = rs.getString(2);
                }
            }
        }
        if (tables.isEmpty()) {
            return;
        }
        try (Statement s = connection.createStatement()) {
            for (String table : tables) {
                s.execute("alter table " + Identifiers.qualified(schema, table) + " set (" + SETTINGS + ")");
            }
            s.execute(comment);
        }
    }

    static void restore(Connection connection, String schema) throws SQLException {
        List<String> tables = new ArrayList<>();
        try (PreparedStatement query = connection.prepareStatement(
                "select unnest(substr(d, length(?) + 1)::text[]) from (select obj_description(n.oid, 'pg_namespace') d"
                        + " from pg_namespace n where n.nspname = ?) s where starts_with(d, ?)")) {
            query.setString(1, MARKER);
            query.setString(2, schema);
            query.setString(3, MARKER);
            try (ResultSet rs = query.executeQuery()) {
                while (rs.next()) {
                    tables.add(rs.getString(1));
                }
            }
        }
        if (tables.isEmpty()) {
            return;
        }
        try (Statement s = connection.createStatement()) {
            for (String table : tables) {
                s.execute("alter table " + Identifiers.qualified(schema, table)
                        + " reset (fillfactor, autovacuum_enabled)");
            }
            s.execute("comment on schema " + Identifiers.quote(schema) + " is null");
        }
    }
}

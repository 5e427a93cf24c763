package dev.refold.internal.statements;

import dev.refold.internal.db.Identifiers;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The SQL texts a replay has prepared on the server ({@code PREPARE}), each once, with the parameter types
 * PostgreSQL inferred for it: deferred statements cast each text parameter to its type, so values coerce exactly as
 * a bound parameter would.
 */
final class PreparedShapes {
    private final Map<String, StatementShape> bySql = new HashMap<>();

    StatementShape get(String sql) {
        return bySql.get(sql);
    }

    /** Prepares a new SQL text on the server and learns its parameter types. */
    StatementShape prepare(Connection real, String sql) throws SQLException {
        String name = "refold_s" + bySql.size();
        try (Statement s = real.createStatement()) {
            s.execute("prepare " + Identifiers.quote(name) + " as " + SqlPlaceholders.numbered(sql));
        }
        List<String> types;
        try (PreparedStatement query = real.prepareStatement(
                // format_type with typmod -1: bpchar, not "character" (which as a cast target means char(1) and would
                // silently cut a char(n) value to its first character); likewise "bit" for bit(n).
                "select array(select format_type(t, -1) from unnest(parameter_types) with ordinality u(t, n) order by n)"
                        + " from pg_prepared_statements where name = ?")) {
            query.setString(1, name);
            try (ResultSet rs = query.executeQuery()) {
                rs.next();
                types = List.of((String[]) rs.getArray(1).getArray());
            }
        }
        StatementShape shape = new StatementShape(sql, name, types);
        bySql.put(sql, shape);
        return shape;
    }

    /** Drops every prepared statement of the session, so the connection goes back to the pool clean. */
    void deallocate(Connection real) throws SQLException {
        if (!bySql.isEmpty()) {
            try (Statement s = real.createStatement()) {
                s.execute("deallocate all");
            }
            bySql.clear();
        }
    }
}

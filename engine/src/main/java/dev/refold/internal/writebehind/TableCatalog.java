package dev.refold.internal.writebehind;

import dev.refold.internal.writebehind.pg.ColumnType;
import dev.refold.internal.writebehind.pg.HeldColumn;
import dev.refold.internal.db.Identifiers;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.math.BigDecimal;
import java.sql.Array;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Finds the shadow's tables whose rows can be held in memory: empty, with a primary key, and with nothing that
 * would see or check a row before it is copied in — no trigger or rule, no foreign key either way, no CHECK, no
 * other unique index, no identity or generated column, no inheritance, only column types write-behind follows.
 */
final class TableCatalog {
    private static final Logger LOG = LoggerFactory.getLogger(TableCatalog.class);
    private static final Set<ColumnType> KEY_TYPES = EnumSet.of(ColumnType.INT2, ColumnType.INT4, ColumnType.INT8,
            ColumnType.NUMERIC, ColumnType.TEXT, ColumnType.UUID, ColumnType.DATE, ColumnType.TIMESTAMP,
            ColumnType.TIMESTAMPTZ, ColumnType.BOOL);

    private TableCatalog() {
    }

    /**
     * The relations of {@code schema} a write could reach held rows through although it names no held table:
     * views (an automatically updatable view writes its base table) and foreign tables.
     */
    static Set<String> otherRelations(Connection connection, String schema) throws SQLException {
        Set<String> names = new java.util.HashSet<>();
        try (PreparedStatement query = connection.prepareStatement("select c.relname from pg_class c"
                + " join pg_namespace n on n.oid = c.relnamespace where n.nspname = ? and c.relkind in ('v', 'm', 'f')")) {
            query.setString(1, schema);
            try (ResultSet rs = query.executeQuery()) {
                while (rs.next()) {
                    names.add(rs.getString(1));
                }
            }
        }
        return names;
    }

    /** Whether the session's TimeZone is UTC under one of its names: then timestamptz values print with offset zero. */
    static boolean utcSession(Connection connection) throws SQLException {
        try (Statement s = connection.createStatement(); ResultSet rs = s.executeQuery("select current_setting('TimeZone')")) {
            rs.next();
            return Set.of("UTC", "Etc/UTC", "UCT", "Etc/UCT", "GMT", "Etc/GMT", "Universal", "Etc/Universal", "Zulu", "Etc/Zulu")
                    .contains(rs.getString(1));
        }
    }

    /** The tables of {@code schema} that can be held, by name; none if a trigger or rule could write to them. */
    static Map<String, HeldTable> read(Connection connection, String schema) throws SQLException {
        Map<String, HeldTable> tables = new LinkedHashMap<>();
        if (schemaHasTriggersOrRules(connection, schema)) {
            LOG.debug("Write-behind: schema {} has triggers or rules; every statement goes to the database", schema);
            return tables;
        }
        for (Map.Entry<Long, String> candidate : candidates(connection, schema).entrySet()) {
            HeldTable table = tableOrNone(connection, schema, candidate.getKey(), candidate.getValue());
            if (table != null) {
                tables.put(table.name(), table);
            }
        }
        return tables;
    }

    /**
     * The table as held, or null. Holding is only an optimisation: whatever goes wrong while reading a table (a
     * default PostgreSQL cannot evaluate, a value Java cannot read) leaves that table to PostgreSQL, and never fails
     * the rebuild. A savepoint keeps a failed query from aborting the writer's transaction.
     */
    private static HeldTable tableOrNone(Connection connection, String schema, long oid, String name) throws SQLException {
        java.sql.Savepoint savepoint = connection.getAutoCommit() ? null : connection.setSavepoint();
        try {
            HeldTable table = table(connection, schema, oid, name);
            if (savepoint != null) {
                connection.releaseSavepoint(savepoint);
            }
            return table;
        } catch (SQLException | RuntimeException unreadable) {
            if (savepoint != null) {
                connection.rollback(savepoint);
            }
            return skipped(name, "description, which could not be read (" + unreadable + ")");
        }
    }

    private static boolean schemaHasTriggersOrRules(Connection connection, String schema) throws SQLException {
        try (PreparedStatement query = connection.prepareStatement(
                "select exists (select 1 from pg_trigger t join pg_class c on c.oid = t.tgrelid"
                        + " join pg_namespace n on n.oid = c.relnamespace where n.nspname = ? and not t.tgisinternal)"
                        + " or exists (select 1 from pg_rewrite r join pg_class c on c.oid = r.ev_class"
                        + " join pg_namespace n on n.oid = c.relnamespace where n.nspname = ? and c.relkind in ('r', 'p'))")) {
            query.setString(1, schema);
            query.setString(2, schema);
            try (ResultSet rs = query.executeQuery()) {
                rs.next();
                return rs.getBoolean(1);
            }
        }
    }

    private static Map<Long, String> candidates(Connection connection, String schema) throws SQLException {
        Map<Long, String> candidates = new LinkedHashMap<>();
        try (PreparedStatement query = connection.prepareStatement(
                "select c.oid, c.relname from pg_class c join pg_namespace n on n.oid = c.relnamespace"
                        + " where n.nspname = ? and c.relkind = 'r' and not c.relrowsecurity and not c.relhastriggers"
                        // a deferrable key lets duplicates live until commit, and ON CONFLICT refuses it as an arbiter
                        + " and exists (select 1 from pg_constraint k where k.conrelid = c.oid and k.contype = 'p' and not k.condeferrable)"
                        // 'n': PostgreSQL 18 records NOT NULL as constraints too
                        + " and not exists (select 1 from pg_constraint k where (k.conrelid = c.oid and k.contype not in ('p', 'n'))"
                        + "     or k.confrelid = c.oid)"
                        + " and not exists (select 1 from pg_index i where i.indrelid = c.oid and i.indisunique and not i.indisprimary)"
                        + " and not exists (select 1 from pg_inherits h where h.inhrelid = c.oid or h.inhparent = c.oid)"
                        + " order by c.relname")) {
            query.setString(1, schema);
            try (ResultSet rs = query.executeQuery()) {
                while (rs.next()) {
                    candidates.put(rs.getLong(1), rs.getString(2));
                }
            }
        }
        return candidates;
    }

    private static HeldTable table(Connection connection, String schema, long oid, String name) throws SQLException {
        // first, as the cheapest check: an incremental build resumes into tables that have rows
        if (hasRows(connection, schema, name)) {
            return skipped(name, "rows it holds already (a resumed build)");
        }
        List<HeldColumn> columns = new ArrayList<>();
        List<Short> attnums = new ArrayList<>();
        // a nondeterministic collation makes keys equal that Java's equals tells apart
        List<Boolean> deterministic = new ArrayList<>();
        try (PreparedStatement query = connection.prepareStatement(
                "select a.attname, t.typname, t.typtype, a.atttypmod, a.attnotnull, a.attgenerated, a.attidentity,"
                        + " pg_get_expr(d.adbin, d.adrelid), coalesce(co.collisdeterministic, true), a.attnum"
                        + " from pg_attribute a join pg_type t on t.oid = a.atttypid"
                        + " left join pg_attrdef d on d.adrelid = a.attrelid and d.adnum = a.attnum"
                        + " left join pg_collation co on co.oid = a.attcollation"
                        + " where a.attrelid = ? and a.attnum > 0 and not a.attisdropped order by a.attnum")) {
            query.setLong(1, oid);
            try (ResultSet rs = query.executeQuery()) {
                while (rs.next()) {
                    String column = rs.getString(1);
                    ColumnType type = "b".equals(rs.getString(3)) ? ColumnType.ofTypeName(rs.getString(2)) : null;
                    int typmod = rs.getInt(4);
                    boolean timestampPrecision = (type == ColumnType.TIMESTAMP || type == ColumnType.TIMESTAMPTZ) && typmod != -1 && typmod != 6;
                    if (type == null || timestampPrecision || !rs.getString(6).isEmpty() || !rs.getString(7).isEmpty()) {
                        return skipped(name, "column " + column + " (" + rs.getString(2) + ")");
                    }
                    columns.add(column(connection, column, type, rs.getString(2), typmod, rs.getBoolean(5), rs.getString(8)));
                    deterministic.add(rs.getBoolean(9));
                    attnums.add(rs.getShort(10));
                }
            }
        }
        int[] key = primaryKey(connection, oid, attnums);
        for (int k : key) {
            if (!KEY_TYPES.contains(columns.get(k).type()) || !deterministic.get(k)) {
                return skipped(name, "primary key column " + columns.get(k).name());
            }
        }
        return new HeldTable(name, columns, key);
    }

    private static HeldTable skipped(String table, String why) {
        LOG.debug("Write-behind: table {} is not held, because of its {}", table, why);
        return null;
    }

    private static HeldColumn column(Connection connection, String name, ColumnType type, String typname, int typmod,
                                     boolean notNull, String defaultExpression) throws SQLException {
        int maxLength = typname.equals("varchar") && typmod >= 4 ? typmod - 4 : -1;
        int precision = -1;
        int scale = 0;
        if (type == ColumnType.NUMERIC && typmod >= 4) {
            precision = ((typmod - 4) >> 16) & 0xffff;
            scale = (((typmod - 4) & 0x7ff) ^ 1024) - 1024; // an 11-bit signed scale since PostgreSQL 15
        }
        HeldColumn column = new HeldColumn(name, type, maxLength, precision, scale, notNull, null, true);
        if (defaultExpression == null) {
            return column;
        }
        Object value = ColumnDefaults.constant(defaultExpression) ? literal(connection, defaultExpression, type, typname) : ColumnType.REFUSED;
        Object stored = value == ColumnType.REFUSED ? value : column.assign(type, value);
        return stored == ColumnType.REFUSED
                ? new HeldColumn(name, type, maxLength, precision, scale, notNull, null, false)
                : new HeldColumn(name, type, maxLength, precision, scale, notNull, stored, true);
    }

    /**
     * A constant default's value as PostgreSQL computes it for the column: cast to the column's type by PostgreSQL
     * itself (a {@code double precision default 0.1::real} is the float4 nearest 0.1, widened; an
     * {@code integer default 1.5} is 2), the type modifier then applied by {@link HeldColumn#assign}. REFUSED for a
     * value this does not read (numeric's NaN and infinities, types it does not parse) or PostgreSQL cannot compute:
     * an INSERT that needs it goes to PostgreSQL, which raises any error itself.
     */
    private static Object literal(Connection connection, String expression, ColumnType type, String typname) throws SQLException {
        String text;
        java.sql.Savepoint savepoint = connection.getAutoCommit() ? null : connection.setSavepoint();
        try (Statement s = connection.createStatement();
             ResultSet rs = s.executeQuery("select (" + ColumnDefaults.asColumnType(expression, "pg_catalog." + Identifiers.quote(typname)) + ")::text")) {
            rs.next();
            text = rs.getString(1);
        } catch (SQLException refused) {
            if (savepoint != null) {
                connection.rollback(savepoint);
            }
            return ColumnType.REFUSED;
        }
        if (text == null) {
            return null;
        }
        try {
            return switch (type) {
                case INT2, INT4, INT8 -> Long.parseLong(text);
                case NUMERIC -> new BigDecimal(text);
                case FLOAT8 -> Double.parseDouble(text);
                case BOOL -> switch (text) {
                    case "true" -> Boolean.TRUE;
                    case "false" -> Boolean.FALSE;
                    default -> ColumnType.REFUSED;
                };
                case TEXT -> text;
                default -> ColumnType.REFUSED;
            };
        } catch (NumberFormatException unreadable) {
            return ColumnType.REFUSED;
        }
    }

    private static int[] primaryKey(Connection connection, long oid, List<Short> attnums) throws SQLException {
        try (PreparedStatement query = connection.prepareStatement(
                "select conkey from pg_constraint where conrelid = ? and contype = 'p'")) {
            query.setLong(1, oid);
            try (ResultSet rs = query.executeQuery()) {
                rs.next();
                Array array = rs.getArray(1);
                Short[] conkey = (Short[]) array.getArray();
                int[] key = new int[conkey.length];
                for (int i = 0; i < conkey.length; i++) {
                    key[i] = attnums.indexOf(conkey[i]);
                }
                return key;
            }
        }
    }

    private static boolean hasRows(Connection connection, String schema, String table) throws SQLException {
        try (Statement s = connection.createStatement();
             ResultSet rs = s.executeQuery("select exists (select 1 from " + Identifiers.qualified(schema, table) + ")")) {
            rs.next();
            return rs.getBoolean(1);
        }
    }
}

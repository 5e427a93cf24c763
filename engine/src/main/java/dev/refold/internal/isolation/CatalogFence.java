package dev.refold.internal.isolation;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * What a DDL transaction changed outside its shadow schema, checked before it commits. It does not rely on
 * the role: it catches a DDL that got its rights back ({@code RESET ROLE} inside a {@code DO} block), and it is
 * the only check on a server where roles cannot be created.
 *
 * <p>Two checks. The catalog rows that describe objects outside the shadow (schemas, tables and their
 * columns, defaults, constraints, indexes, triggers, rules, policies, functions, types, operators, casts,
 * default privileges, extensions, event triggers, publications, large objects, roles, memberships, database
 * rights) are listed before the DDL and after it; the transaction must be REPEATABLE READ, so that both
 * lists see the same work of other sessions and only this transaction's own changes differ. Columns
 * PostgreSQL updates in place, outside any transaction (relpages, reltuples, frozen xids, index validity), are
 * left out. And {@code pg_stat_xact_all_tables} must count no row inserted, updated or deleted by the DDL
 * in any table outside the shadow. What it does not see: sequence values ({@code setval} is not
 * transactional) and changes to other databases of the cluster.
 */
public final class CatalogFence {
    /** One row per catalog object, as text, keyed by the schema it lives in (null: not in a schema). */
    private static final String OBJECTS = String.join("\nunion all\n",
            "select n.nspname, concat_ws(' ', 'schema', n.nspname, n.nspowner, coalesce(n.nspacl::text, '')) from pg_namespace n",
            "select n.nspname, concat_ws(' ', 'rel', c.oid, c.relname, c.relkind, c.relowner, c.relpersistence"
                    + ", c.relfilenode, c.relrowsecurity, c.relforcerowsecurity, c.relreplident"
                    + ", coalesce(c.relacl::text, ''), coalesce(c.reloptions::text, '')"
                    + ") from pg_class c join pg_namespace n on n.oid = c.relnamespace",
            "select n.nspname, concat_ws(' ', 'att', a.attrelid, a.attnum, a.attname, a.atttypid, a.atttypmod"
                    + ", a.attnotnull, a.atthasdef, a.attisdropped, a.attidentity, a.attgenerated"
                    + ", coalesce(a.attacl::text, '')) from pg_attribute a join pg_class c on c.oid = a.attrelid"
                    + " join pg_namespace n on n.oid = c.relnamespace where a.attnum > 0",
            "select n.nspname, concat_ws(' ', 'def', d.oid, d.adrelid, d.adnum, md5(d.adbin::text)"
                    + ") from pg_attrdef d join pg_class c on c.oid = d.adrelid join pg_namespace n on n.oid = c.relnamespace",
            "select n.nspname, concat_ws(' ', 'con', k.oid, k.conname, k.contype, k.conrelid, k.condeferrable"
                    + ", k.convalidated, coalesce(md5(k.conbin::text), '')"
                    + ") from pg_constraint k join pg_namespace n on n.oid = k.connamespace",
            "select n.nspname, concat_ws(' ', 'idx', i.indexrelid, i.indrelid, i.indkey::text, i.indisunique"
                    + ") from pg_index i join pg_class c on c.oid = i.indexrelid join pg_namespace n on n.oid = c.relnamespace",
            "select n.nspname, concat_ws(' ', 'trg', t.oid, t.tgrelid, t.tgname, t.tgenabled, t.tgfoid, t.tgtype"
                    + ") from pg_trigger t join pg_class c on c.oid = t.tgrelid join pg_namespace n on n.oid = c.relnamespace",
            "select n.nspname, concat_ws(' ', 'rule', r.oid, r.ev_class, r.rulename, r.ev_enabled, md5(r.ev_action::text)"
                    + ") from pg_rewrite r join pg_class c on c.oid = r.ev_class join pg_namespace n on n.oid = c.relnamespace",
            "select n.nspname, concat_ws(' ', 'pol', p.oid, p.polrelid, p.polname, p.polcmd, p.polpermissive"
                    + ", p.polroles::text, coalesce(md5(p.polqual::text), ''), coalesce(md5(p.polwithcheck::text), '')"
                    + ") from pg_policy p join pg_class c on c.oid = p.polrelid join pg_namespace n on n.oid = c.relnamespace",
            "select n.nspname, concat_ws(' ', 'proc', p.oid, p.proname, p.proowner, p.prosecdef, coalesce(p.proconfig::text, '')"
                    + ", coalesce(p.proacl::text, ''), md5(p.prosrc)) from pg_proc p join pg_namespace n on n.oid = p.pronamespace",
            "select n.nspname, concat_ws(' ', 'type', t.oid, t.typname, t.typowner, coalesce(t.typacl::text, '')"
                    + ") from pg_type t join pg_namespace n on n.oid = t.typnamespace",
            "select n.nspname, concat_ws(' ', 'op', o.oid, o.oprname, o.oprowner, o.oprcode::oid"
                    + ") from pg_operator o join pg_namespace n on n.oid = o.oprnamespace",
            "select null, concat_ws(' ', 'cast', oid, castsource, casttarget, castfunc, castcontext) from pg_cast",
            "select n.nspname, concat_ws(' ', 'defacl', d.oid, d.defaclrole, d.defaclobjtype, d.defaclacl::text"
                    + ") from pg_default_acl d left join pg_namespace n on n.oid = d.defaclnamespace",
            "select null, concat_ws(' ', 'ext', oid, extname, extowner, extnamespace, extversion) from pg_extension",
            "select null, concat_ws(' ', 'evt', oid, evtname, evtenabled, evtfoid) from pg_event_trigger",
            "select null, concat_ws(' ', 'pub', oid, pubname, pubowner, puballtables) from pg_publication",
            "select null, concat_ws(' ', 'lo', oid, lomowner, coalesce(lomacl::text, '')) from pg_largeobject_metadata",
            "select null, concat_ws(' ', 'role', oid, rolname, rolsuper, rolcreaterole, rolcreatedb, rolcanlogin"
                    + ", rolbypassrls, rolinherit, rolreplication, coalesce(rolconfig::text, '')) from pg_roles",
            "select null, concat_ws(' ', 'member', roleid, member, admin_option) from pg_auth_members",
            "select null, concat_ws(' ', 'db', oid, datname, datdba, datallowconn, datconnlimit"
                    + ", coalesce(datacl::text, '')) from pg_database");
    private static final String LINES = "select o.line from (" + OBJECTS + ") o(schema, line)"
            + " where o.schema is distinct from ? and o.schema is distinct from 'pg_toast' order by o.line";
    /**
     * Compared before and after, not read as zero: the view also counts this session's earlier transactions
     * until they are sent to the statistics, which happens while the session is idle, never inside a transaction.
     */
    private static final String WRITES_OUTSIDE = "select schemaname || '.' || relname, n_tup_ins + n_tup_upd + n_tup_del"
            + " from pg_stat_xact_all_tables where schemaname not in ('pg_catalog', 'pg_toast') and schemaname <> ?"
            + " and n_tup_ins + n_tup_upd + n_tup_del > 0";

    /**
     * Inside the shadow the DDL may grant what it likes, except writes to everyone or to another projection's
     * role: those would let another projection's handlers write this read model.
     */
    private static final String WRITE_GRANTS_INSIDE = "select c.relname || ' to ' || case when a.grantee = 0 then 'PUBLIC'"
            + " else pg_get_userbyid(a.grantee) end || ' (' || a.privilege_type || ')'"
            + " from pg_class c cross join lateral aclexplode(c.relacl) a"
            + " where c.relnamespace = (select oid from pg_namespace where nspname = ?) and a.grantee <> c.relowner"
            + " and a.privilege_type in ('INSERT', 'UPDATE', 'DELETE', 'TRUNCATE', 'TRIGGER')"
            + " and (a.grantee = 0 or pg_get_userbyid(a.grantee) like 'refold\\_p\\_%')";

    private final String shadow;
    private final List<String> beforeLines;
    private final Map<String, Long> beforeWrites;

    private CatalogFence(String shadow, List<String> beforeLines, Map<String, Long> beforeWrites) {
        this.shadow = shadow;
        this.beforeLines = beforeLines;
        this.beforeWrites = beforeWrites;
    }

    /** Lists everything outside {@code shadow}; the transaction must already be REPEATABLE READ. */
    public static CatalogFence capture(Connection connection, String shadow) throws SQLException {
        requireRepeatableRead(connection);
        return new CatalogFence(shadow, lines(connection, shadow), writes(connection, shadow));
    }

    /** What changed outside the shadow since {@link #capture}, described; empty when nothing did. */
    public List<String> changesOutside(Connection connection) throws SQLException {
        List<String> changes = new ArrayList<>();
        writes(connection, shadow).forEach((table, count) -> {
            if (count > beforeWrites.getOrDefault(table, 0L)) {
                changes.add("rows of table " + table + " were written");
            }
        });
        try (PreparedStatement q = connection.prepareStatement(WRITE_GRANTS_INSIDE)) {
            q.setString(1, shadow);
            try (ResultSet rs = q.executeQuery()) {
                while (rs.next()) {
                    changes.add("it grants writes on table " + rs.getString(1) + ", which would let other projections write it");
                }
            }
        }
        List<String> after = lines(connection, shadow);
        if (!beforeLines.equals(after)) {
            List<String> gone = new ArrayList<>(beforeLines);
            gone.removeAll(after);
            List<String> added = new ArrayList<>(after);
            added.removeAll(beforeLines);
            changes.add("the catalog outside the shadow changed (" + summary(gone, "before") + summary(added, "after") + ")");
        }
        return changes;
    }

    private static String summary(List<String> lines, String label) {
        if (lines.isEmpty()) {
            return "";
        }
        return label + ": " + String.join("; ", lines.subList(0, Math.min(3, lines.size()))) + (lines.size() > 3 ? "; ..." : "") + " ";
    }

    /**
     * The lines are kept, not a hash, so that a failure can say what changed. They are some tens of bytes per
     * catalog object: a database of a few thousand tables costs a few megabytes, for the moment a build prepares.
     */
    private static List<String> lines(Connection connection, String shadow) throws SQLException {
        List<String> lines = new ArrayList<>();
        try (PreparedStatement q = connection.prepareStatement(LINES)) {
            q.setString(1, shadow);
            try (ResultSet rs = q.executeQuery()) {
                while (rs.next()) {
                    lines.add(rs.getString(1));
                }
            }
        }
        return lines;
    }

    private static Map<String, Long> writes(Connection connection, String shadow) throws SQLException {
        Map<String, Long> writes = new TreeMap<>();
        try (PreparedStatement q = connection.prepareStatement(WRITES_OUTSIDE)) {
            q.setString(1, shadow);
            try (ResultSet rs = q.executeQuery()) {
                while (rs.next()) {
                    writes.put(rs.getString(1), rs.getLong(2));
                }
            }
        }
        return writes;
    }

    private static void requireRepeatableRead(Connection connection) throws SQLException {
        String level = single(connection, "select current_setting('transaction_isolation')", null);
        if (!level.equals("repeatable read") && !level.equals("serializable")) {
            throw new IllegalStateException("the DDL fence needs a REPEATABLE READ transaction, not " + level);
        }
    }

    private static String single(Connection connection, String sql, String parameter) throws SQLException {
        try (PreparedStatement q = connection.prepareStatement(sql)) {
            if (parameter != null) {
                q.setString(1, parameter);
            }
            try (ResultSet rs = q.executeQuery()) {
                rs.next();
                return rs.getString(1);
            }
        }
    }
}

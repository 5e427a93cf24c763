package dev.refold.internal.writebehind;

import dev.refold.internal.writebehind.pg.ColumnType;
import dev.refold.internal.writebehind.pg.Expression;
import dev.refold.internal.writebehind.pg.HeldColumn;
import org.jooq.Condition;
import org.jooq.Field;
import org.jooq.FieldOrRow;
import org.jooq.FieldOrRowOrSelect;
import org.jooq.Param;
import org.jooq.Query;
import org.jooq.Row;
import org.jooq.Select;
import org.jooq.Table;
import org.jooq.TableField;
import org.jooq.impl.QOM;
import org.jooq.impl.TableImpl;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Reads a jOOQ statement through its query object model (never its SQL) and decides what write-behind does with
 * it. It holds the writes it can follow exactly: single-table INSERT ... VALUES of bound values, and UPDATE and
 * DELETE of one row by its whole primary key, with SET values built from bound values, the row's own columns,
 * +, - and *. Anything else goes to the database, after the held rows it might read are written out.
 */
final class WriteInterpreter {
    private final Map<String, HeldTable> tables;
    private final Set<String> schemas;
    private final Set<String> otherRelations;
    private final boolean utcSession;

    /**
     * @param tables  the held tables by name
     * @param schemas the schema names a handler's statement may qualify the tables with: the projection's, which
     *                jOOQ's render mapping turns into the shadow's, and the shadow's own
     * @param otherRelations the shadow's views and foreign tables: a write to one may reach a held table
     * @param utcSession     whether the writer's session prints timestamptz in UTC, as a RETURNING then reads it
     */
    WriteInterpreter(Map<String, HeldTable> tables, Set<String> schemas, Set<String> otherRelations, boolean utcSession) {
        this.tables = tables;
        this.schemas = schemas;
        this.otherRelations = otherRelations;
        this.utcSession = utcSession;
    }

    Decision decide(Query query) {
        if (query instanceof Select<?>) {
            return Decision.WRITE_OUT;
        }
        if (query instanceof QOM.Insert<?> insert) {
            return insert(insert);
        }
        if (query instanceof QOM.Update<?> update) {
            return update(update);
        }
        if (query instanceof QOM.Delete<?> delete) {
            return delete(delete);
        }
        return Decision.stopAll("a statement that is not a plain INSERT, UPDATE or DELETE ("
                + (query == null ? "a batch" : query.getClass().getSimpleName()) + ")");
    }

    /** A table reference: one of the held tables, another table, or something that cannot be told apart (an alias). */
    private record Target(HeldTable held, boolean known) {
    }

    private Target target(Table<?> table) {
        if (!(table instanceof TableImpl<?>) || ((QOM.Aliasable<?>) table).$alias() != null) {
            return new Target(null, false);
        }
        String[] parts = table.getQualifiedName().getName();
        HeldTable held = null;
        if (parts.length == 1 || (parts.length == 2 && schemas.contains(parts[0]))) {
            if (otherRelations.contains(parts[parts.length - 1])) {
                return new Target(null, false);
            }
            held = tables.get(parts[parts.length - 1]);
        }
        return new Target(held != null && held.holding() ? held : null, true);
    }

    private Decision insert(QOM.Insert<?> insert) {
        Target target = target(insert.$into());
        if (!target.known()) {
            return Decision.stopAll("an INSERT into " + insert.$into().getName() + ", an alias, a view or plain SQL");
        }
        boolean upsert = insert.$onDuplicateKeyUpdate() || insert.$onDuplicateKeyIgnore();
        boolean plain = insert.$with() == null && insert.$select() == null && QueryParts.allBound(insert.$values())
                && insert.$onConflictWhere() == null
                && (upsert || (insert.$onConflict().isEmpty() && insert.$updateSet().isEmpty()));
        // null: a RETURNING it cannot read or answer; empty: none
        List<Field<?>> returning = QueryInternals.returning(insert);
        boolean returnsNothing = returning != null && returning.isEmpty();
        HeldTable table = target.held();
        if (table == null) {
            // a RETURNING can hold a subquery reading a held table
            boolean simple = plain && returnsNothing
                    && (insert.$updateWhere() == null || QueryParts.simpleCondition(insert.$updateWhere()));
            for (Map.Entry<? extends FieldOrRow, ? extends FieldOrRowOrSelect> set : insert.$updateSet().entrySet()) {
                simple &= set.getKey() instanceof TableField<?, ?> && set.getValue() instanceof Field<?> value && QueryParts.simpleOperand(value);
            }
            return simple ? Decision.PASS : Decision.WRITE_OUT;
        }
        if (!plain || insert.$defaultValues() || insert.$values().isEmpty()
                || (upsert && (insert.$values().size() != 1 || insert.$updateWhere() != null || !conflictOnKey(table, insert)))) {
            return Decision.stop(table, "an INSERT that is not INSERT ... VALUES of bound values (ON CONFLICT on the primary key at most)");
        }
        int[] returnedColumns = returning == null ? null : ReturnedRow.columns(table, returning);
        if (!returnsNothing
                && (returning == null || upsert || insert.$values().size() != 1 || returnedColumns == null)) {
            return Decision.stop(table, "an INSERT ... RETURNING that is not of one new row's own columns");
        }
        Assignments onConflict = null;
        if (insert.$onDuplicateKeyUpdate()) {
            onConflict = assignments(table, insert.$updateSet(), true);
            if (onConflict.refusal() != null) {
                return Decision.stop(table, "an ON CONFLICT DO UPDATE " + onConflict.refusal());
            }
        }
        HeldColumn[] columns = table.columns();
        int[] targets = new int[insert.$columns().size()];
        for (int i = 0; i < targets.length; i++) {
            targets[i] = QueryParts.column(table, insert.$columns().get(i));
            if (targets[i] < 0) {
                return Decision.stop(table, "an INSERT naming column " + insert.$columns().get(i).getName() + ", which it does not hold");
            }
        }
        List<Object[]> rows = new ArrayList<>();
        List<Object> keys = new ArrayList<>();
        Set<Object> seen = new HashSet<>();
        boolean anyInTable = false;
        boolean anyHeld = false;
        for (Row values : insert.$values()) {
            Field<?>[] fields = values.fields();
            int[] into = targets.length == 0 ? positions(fields.length) : targets;
            if (fields.length != into.length || into.length > columns.length) {
                return Decision.stop(table, "an INSERT whose values do not match its columns");
            }
            Object[] row = new Object[columns.length];
            boolean[] given = new boolean[columns.length];
            for (int i = 0; i < into.length; i++) {
                Object value = QueryParts.bound((Param<?>) fields[i], columns[into[i]]);
                if (value == ColumnType.REFUSED) {
                    return Decision.stop(table, "a value for " + columns[into[i]].name() + " that is left to PostgreSQL to convert or refuse");
                }
                row[into[i]] = value;
                given[into[i]] = true;
            }
            for (int c = 0; c < columns.length; c++) {
                if (!given[c]) {
                    if (!columns[c].defaultKnown()) {
                        return Decision.stop(table, "an INSERT that leaves " + columns[c].name() + " to a default it does not evaluate");
                    }
                    row[c] = columns[c].defaultValue();
                }
            }
            String nullColumn = nullInNotNull(columns, row);
            if (nullColumn != null) {
                return Decision.stop(table, "an INSERT with NULL in not-null column " + nullColumn);
            }
            Object key = table.keyOfRow(row);
            if (!seen.add(key) || (table.held(key) != null && !upsert)) {
                return Decision.stop(table, "an INSERT of a key it holds already (PostgreSQL reports the duplicate)");
            }
            anyHeld |= table.held(key) != null;
            anyInTable |= table.mightBeInTable(key);
            rows.add(row);
            keys.add(key);
        }
        if (anyInTable && !anyHeld) {
            // the key may have a row in the table already: the database must decide, and holds the rows from now on
            keys.forEach(table::markInTable);
            return Decision.PASS;
        }
        if (anyHeld) {
            return conflict(table, table.held(keys.get(0)), rows.get(0), onConflict);
        }
        Runnable holdRows = () -> {
            for (int i = 0; i < rows.size(); i++) {
                table.hold(keys.get(i), rows.get(i));
            }
        };
        if (!returnsNothing) {
            org.jooq.Result<?> returned = ReturnedRow.of(returning, returnedColumns, columns, rows.get(0), utcSession);
            return returned == null ? Decision.stop(table, "an INSERT ... RETURNING read into Java types it cannot answer exactly")
                    : Decision.hold(1, holdRows, returned);
        }
        return Decision.hold(rows.size(), holdRows);
    }

    /** ON CONFLICT on a held row: DO NOTHING leaves it, DO UPDATE sets it from itself and the proposed row. */
    private Decision conflict(HeldTable table, Object[] existing, Object[] proposed, Assignments update) {
        if (update == null) {
            return Decision.hold(0, () -> { });
        }
        return apply(table, existing, proposed, update);
    }

    /** Whether the conflict target is the primary key (or, for DO NOTHING, left out: the key is the only unique index). */
    private static boolean conflictOnKey(HeldTable table, QOM.Insert<?> insert) {
        Boolean namesConstraint = QueryInternals.namesConstraint(insert);
        if (namesConstraint == null || namesConstraint) {
            return false; // ON CONFLICT ON CONSTRAINT (or unknown): PostgreSQL checks the name
        }
        if (insert.$onConflict().isEmpty()) {
            return insert.$onDuplicateKeyIgnore();
        }
        Set<Integer> target = new HashSet<>();
        for (Field<?> field : insert.$onConflict()) {
            int index = QueryParts.column(table, field);
            if (index < 0 || !table.isKeyColumn(index)) {
                return false;
            }
            target.add(index);
        }
        return target.size() == table.keyColumns().length;
    }

    /** An UPDATE's or an ON CONFLICT DO UPDATE's SET items, compiled; or why not. */
    private record Assignments(int[] columns, Expression[] values, String refusal) {
    }

    private Assignments assignments(HeldTable table, Map<? extends FieldOrRow, ? extends FieldOrRowOrSelect> set, boolean excluded) {
        int[] assigned = new int[set.size()];
        Expression[] values = new Expression[assigned.length];
        int i = 0;
        for (Map.Entry<? extends FieldOrRow, ? extends FieldOrRowOrSelect> item : set.entrySet()) {
            int index = item.getKey() instanceof Field<?> field ? QueryParts.column(table, field) : -1;
            if (index < 0 || table.isKeyColumn(index)) {
                return new Assignments(null, null, "of " + item.getKey() + ", which is not a column it holds (or is the key)");
            }
            Expression value = item.getValue() instanceof Field<?> field ? QueryParts.expression(table, field, excluded) : null;
            if (value == null) {
                return new Assignments(null, null, "setting " + table.columns()[index].name() + " to an expression it does not follow");
            }
            assigned[i] = index;
            values[i++] = value;
        }
        return new Assignments(assigned, values, null);
    }

    /** Computes the assignments on a held row (all from the row as it was), or leaves the statement to PostgreSQL. */
    private static Decision apply(HeldTable table, Object[] row, Object[] excluded, Assignments assignments) {
        HeldColumn[] columns = table.columns();
        int[] assigned = assignments.columns();
        Object[] computed = new Object[assigned.length];
        for (int k = 0; k < assigned.length; k++) {
            Expression expression = assignments.values()[k];
            Object value = expression.evaluate(row, excluded);
            Object stored = value == ColumnType.REFUSED ? value : columns[assigned[k]].assign(expression.type(), value);
            if (stored == ColumnType.REFUSED || (stored == null && columns[assigned[k]].notNull())) {
                return Decision.stop(table, "a write of " + columns[assigned[k]].name() + " that PostgreSQL must compute or refuse");
            }
            computed[k] = stored;
        }
        return Decision.hold(1, () -> {
            for (int k = 0; k < assigned.length; k++) {
                row[assigned[k]] = computed[k];
            }
        });
    }

    private Decision update(QOM.Update<?> update) {
        Target target = target(update.$table());
        if (!target.known()) {
            return Decision.stopAll("an UPDATE of " + update.$table().getName() + ", an alias, a view or plain SQL");
        }
        boolean plain = update.$with() == null && update.$from().isEmpty() && update.$orderBy().isEmpty() && update.$limit() == null;
        HeldTable table = target.held();
        if (table == null) {
            boolean simple = plain && QueryInternals.returnsNothing(update) && QueryParts.simpleCondition(update.$where());
            for (Map.Entry<? extends FieldOrRow, ? extends FieldOrRowOrSelect> set : update.$set().entrySet()) {
                simple &= set.getKey() instanceof TableField<?, ?> && set.getValue() instanceof Field<?> value && QueryParts.simpleOperand(value);
            }
            return simple ? Decision.PASS : Decision.WRITE_OUT;
        }
        Object key = plain && QueryInternals.returnsNothing(update) ? key(table, update.$where()) : null;
        if (key == null) {
            return Decision.stop(table, "an UPDATE that is not of one row by its whole primary key (and returns nothing)");
        }
        Assignments assignments = assignments(table, update.$set(), false);
        if (assignments.refusal() != null) {
            return Decision.stop(table, "an UPDATE " + assignments.refusal());
        }
        Object[] row = key == NO_ROW ? null : table.held(key);
        if (row == null) {
            // not held: in the table (the database updates it), or nowhere (no row is updated)
            return key != NO_ROW && table.mightBeInTable(key) ? Decision.PASS : Decision.hold(0, () -> { });
        }
        return apply(table, row, null, assignments);
    }

    private Decision delete(QOM.Delete<?> delete) {
        Target target = target(delete.$from());
        if (!target.known()) {
            return Decision.stopAll("a DELETE from " + delete.$from().getName() + ", an alias, a view or plain SQL");
        }
        boolean plain = delete.$with() == null && delete.$using().isEmpty() && delete.$orderBy().isEmpty() && delete.$limit() == null;
        HeldTable table = target.held();
        if (table == null) {
            return plain && QueryInternals.returnsNothing(delete) && QueryParts.simpleCondition(delete.$where()) ? Decision.PASS : Decision.WRITE_OUT;
        }
        Object key = plain && QueryInternals.returnsNothing(delete) ? key(table, delete.$where()) : null;
        if (key == null) {
            return Decision.stop(table, "a DELETE that is not of one row by its whole primary key (and returns nothing)");
        }
        if (key == NO_ROW) {
            return Decision.hold(0, () -> { });
        }
        if (table.held(key) != null) {
            return Decision.hold(1, () -> table.release(key));
        }
        return table.mightBeInTable(key) ? Decision.PASS : Decision.hold(0, () -> { });
    }

    /** A key no stored row can have: the WHERE compares with a value the column cannot hold exactly. */
    private static final Object NO_ROW = new Object();

    /**
     * The map key a WHERE selects, if it is exactly "each primary key column = a bound value"; else null; or
     * {@link #NO_ROW}.
     */
    private Object key(HeldTable table, Condition where) {
        Map<Integer, Object> equalities = new HashMap<>();
        if (!collectEqualities(table, where, equalities) || equalities.size() != table.keyColumns().length) {
            return null;
        }
        if (equalities.containsValue(NO_ROW)) {
            return NO_ROW;
        }
        int[] keyColumns = table.keyColumns();
        Object[] values = new Object[keyColumns.length];
        for (int i = 0; i < keyColumns.length; i++) {
            Object value = equalities.get(keyColumns[i]);
            if (value == null) {
                return null;
            }
            values[i] = value;
        }
        return HeldTable.keyOf(values);
    }

    private boolean collectEqualities(HeldTable table, Condition condition, Map<Integer, Object> into) {
        if (condition instanceof QOM.And and) {
            return collectEqualities(table, and.$arg1(), into) && collectEqualities(table, and.$arg2(), into);
        }
        if (!(condition instanceof QOM.Eq<?> eq)) {
            return false;
        }
        Field<?> left = eq.$arg1();
        Field<?> right = eq.$arg2();
        if (right instanceof TableField<?, ?> && !(left instanceof TableField<?, ?>)) {
            Field<?> swap = left;
            left = right;
            right = swap;
        }
        int index = left instanceof TableField<?, ?> ? QueryParts.column(table, left) : -1;
        if (index < 0 || !table.isKeyColumn(index) || !(right instanceof Param<?> param) || into.containsKey(index)) {
            return false;
        }
        // compared, not stored: PostgreSQL does not round 1.005 to a numeric(10, 2) key's 1.01 before comparing
        ColumnType type = QueryParts.typeOf(param);
        Object compared = type == null ? ColumnType.REFUSED : type.hold(param.getValue());
        Object value = compared == ColumnType.REFUSED || compared == null ? compared : table.columns()[index].assign(type, compared);
        if (value == null || value == ColumnType.REFUSED) {
            return false;
        }
        boolean exact = !(compared instanceof java.math.BigDecimal decimal) || decimal.compareTo((java.math.BigDecimal) value) == 0;
        into.put(index, exact ? value : NO_ROW);
        return true;
    }

    private static String nullInNotNull(HeldColumn[] columns, Object[] row) {
        for (int c = 0; c < columns.length; c++) {
            if (row[c] == null && columns[c].notNull()) {
                return columns[c].name();
            }
        }
        return null;
    }

    private static int[] positions(int count) {
        int[] positions = new int[count];
        Arrays.setAll(positions, i -> i);
        return positions;
    }
}

package dev.refold.internal.replay.writebehind;

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

    /**
     * @param tables  the held tables by name
     * @param schemas the schema names a handler's statement may qualify the tables with: the projection's, which
     *                jOOQ's render mapping turns into the shadow's, and the shadow's own
     */
    WriteInterpreter(Map<String, HeldTable> tables, Set<String> schemas) {
        this.tables = tables;
        this.schemas = schemas;
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
            held = tables.get(parts[parts.length - 1]);
        }
        return new Target(held != null && held.holding() ? held : null, true);
    }

    private Decision insert(QOM.Insert<?> insert) {
        Target target = target(insert.$into());
        if (!target.known()) {
            return Decision.stopAll("an INSERT into " + insert.$into().getName() + ", an alias or plain SQL table");
        }
        boolean plain = insert.$with() == null && insert.$select() == null && insert.$onConflict().isEmpty()
                && !insert.$onDuplicateKeyIgnore() && !insert.$onDuplicateKeyUpdate() && insert.$updateSet().isEmpty()
                && insert.$onConflictWhere() == null && allBound(insert.$values());
        HeldTable table = target.held();
        if (table == null) {
            return plain ? Decision.PASS : Decision.WRITE_OUT;
        }
        if (!plain || insert.$defaultValues() || insert.$values().isEmpty()) {
            return Decision.stop(table, "an INSERT that is not a plain INSERT ... VALUES of bound values");
        }
        HeldColumn[] columns = table.columns();
        int[] targets = new int[insert.$columns().size()];
        for (int i = 0; i < targets.length; i++) {
            targets[i] = column(table, insert.$columns().get(i));
            if (targets[i] < 0) {
                return Decision.stop(table, "an INSERT naming column " + insert.$columns().get(i).getName() + ", which it does not hold");
            }
        }
        List<Object[]> rows = new ArrayList<>();
        List<Object> keys = new ArrayList<>();
        Set<Object> seen = new HashSet<>();
        boolean anyInTable = false;
        for (Row values : insert.$values()) {
            Field<?>[] fields = values.fields();
            int[] into = targets.length == 0 ? positions(fields.length) : targets;
            if (fields.length != into.length || into.length > columns.length) {
                return Decision.stop(table, "an INSERT whose values do not match its columns");
            }
            Object[] row = new Object[columns.length];
            boolean[] given = new boolean[columns.length];
            for (int i = 0; i < into.length; i++) {
                Object value = bound((Param<?>) fields[i], columns[into[i]]);
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
            if (table.held(key) != null || !seen.add(key)) {
                return Decision.stop(table, "an INSERT of a key it holds already (PostgreSQL reports the duplicate)");
            }
            anyInTable |= table.mightBeInTable(key);
            rows.add(row);
            keys.add(key);
        }
        if (anyInTable) {
            // the key may have a row in the table already: the database must decide, and holds the rows from now on
            keys.forEach(table::markInTable);
            return Decision.PASS;
        }
        return Decision.hold(rows.size(), () -> {
            for (int i = 0; i < rows.size(); i++) {
                table.hold(keys.get(i), rows.get(i));
            }
        });
    }

    private Decision update(QOM.Update<?> update) {
        Target target = target(update.$table());
        if (!target.known()) {
            return Decision.stopAll("an UPDATE of " + update.$table().getName() + ", an alias or plain SQL table");
        }
        boolean plain = update.$with() == null && update.$from().isEmpty() && update.$orderBy().isEmpty() && update.$limit() == null;
        HeldTable table = target.held();
        if (table == null) {
            boolean simple = plain && simpleCondition(update.$where());
            for (Map.Entry<? extends FieldOrRow, ? extends FieldOrRowOrSelect> set : update.$set().entrySet()) {
                simple &= set.getKey() instanceof TableField<?, ?> && set.getValue() instanceof Field<?> value && simpleOperand(value);
            }
            return simple ? Decision.PASS : Decision.WRITE_OUT;
        }
        Object key = plain ? key(table, update.$where()) : null;
        if (key == null) {
            return Decision.stop(table, "an UPDATE that is not of one row by its whole primary key");
        }
        HeldColumn[] columns = table.columns();
        int[] assigned = new int[update.$set().size()];
        Expression[] values = new Expression[assigned.length];
        int i = 0;
        for (Map.Entry<? extends FieldOrRow, ? extends FieldOrRowOrSelect> set : update.$set().entrySet()) {
            int index = set.getKey() instanceof Field<?> field ? column(table, field) : -1;
            if (index < 0 || table.isKeyColumn(index)) {
                return Decision.stop(table, "an UPDATE of " + set.getKey() + ", which is not a column it holds (or is the key)");
            }
            Expression value = set.getValue() instanceof Field<?> field ? expression(table, field) : null;
            if (value == null) {
                return Decision.stop(table, "an UPDATE setting " + columns[index].name() + " to an expression it does not follow");
            }
            assigned[i] = index;
            values[i++] = value;
        }
        Object[] row = table.held(key);
        if (row == null) {
            // not held: in the table (the database updates it), or nowhere (no row is updated)
            return table.mightBeInTable(key) ? Decision.PASS : Decision.hold(0, () -> { });
        }
        Object[] computed = new Object[assigned.length];
        for (int k = 0; k < assigned.length; k++) {
            Object value = values[k].evaluate(row);
            Object stored = value == ColumnType.REFUSED ? value : columns[assigned[k]].assign(values[k].type(), value);
            if (stored == ColumnType.REFUSED || (stored == null && columns[assigned[k]].notNull())) {
                return Decision.stop(table, "an UPDATE of " + columns[assigned[k]].name() + " that PostgreSQL must compute or refuse");
            }
            computed[k] = stored;
        }
        return Decision.hold(1, () -> {
            for (int k = 0; k < assigned.length; k++) {
                row[assigned[k]] = computed[k];
            }
        });
    }

    private Decision delete(QOM.Delete<?> delete) {
        Target target = target(delete.$from());
        if (!target.known()) {
            return Decision.stopAll("a DELETE from " + delete.$from().getName() + ", an alias or plain SQL table");
        }
        boolean plain = delete.$with() == null && delete.$using().isEmpty() && delete.$orderBy().isEmpty() && delete.$limit() == null;
        HeldTable table = target.held();
        if (table == null) {
            return plain && simpleCondition(delete.$where()) ? Decision.PASS : Decision.WRITE_OUT;
        }
        Object key = plain ? key(table, delete.$where()) : null;
        if (key == null) {
            return Decision.stop(table, "a DELETE that is not of one row by its whole primary key");
        }
        if (table.held(key) != null) {
            return Decision.hold(1, () -> table.release(key));
        }
        return table.mightBeInTable(key) ? Decision.PASS : Decision.hold(0, () -> { });
    }

    /** The map key a WHERE selects, if it is exactly "each primary key column = a bound value"; else null. */
    private Object key(HeldTable table, Condition where) {
        Map<Integer, Object> equalities = new HashMap<>();
        if (!collectEqualities(table, where, equalities) || equalities.size() != table.keyColumns().length) {
            return null;
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
        int index = left instanceof TableField<?, ?> ? column(table, left) : -1;
        if (index < 0 || !table.isKeyColumn(index) || !(right instanceof Param<?> param) || into.containsKey(index)) {
            return false;
        }
        Object value = bound(param, table.columns()[index]);
        if (value == null || value == ColumnType.REFUSED) {
            return false;
        }
        into.put(index, value);
        return true;
    }

    /** A bound value as the column stores it, or REFUSED. */
    private static Object bound(Param<?> param, HeldColumn column) {
        ColumnType type = typeOf(param);
        if (type == null) {
            return ColumnType.REFUSED;
        }
        Object held = type.hold(param.getValue());
        return held == ColumnType.REFUSED ? held : column.assign(type, held);
    }

    /** The SQL type of a bound value; null when it needs a converter or is of a type write-behind does not hold. */
    private static ColumnType typeOf(Param<?> param) {
        org.jooq.Converter<?, ?> converter = param.getDataType().getConverter();
        if (converter.fromType() != converter.toType()) {
            return null;
        }
        Object value = param.getValue();
        return ColumnType.ofJavaType(value != null ? value.getClass() : param.getDataType().getType());
    }

    private Expression expression(HeldTable table, Field<?> field) {
        if (field instanceof Param<?> param) {
            ColumnType type = typeOf(param);
            Object value = type == null ? ColumnType.REFUSED : type.hold(param.getValue());
            return value == ColumnType.REFUSED ? null : new Expression.Constant(type, value);
        }
        if (field instanceof TableField<?, ?>) {
            int index = column(table, field);
            return index < 0 ? null : new Expression.Column(table.columns()[index].type(), index);
        }
        if (field instanceof QOM.Neg<?> neg) {
            Expression operand = expression(table, neg.$arg1());
            return operand == null || ColumnType.arithmetic(operand.type(), operand.type()) == null ? null
                    : new Expression.Negation(operand.type(), operand);
        }
        Expression.Operator operator;
        Field<?> left;
        Field<?> right;
        if (field instanceof QOM.Add<?> add) {
            operator = Expression.Operator.ADD;
            left = add.$arg1();
            right = add.$arg2();
        } else if (field instanceof QOM.Sub<?> sub) {
            operator = Expression.Operator.SUBTRACT;
            left = sub.$arg1();
            right = sub.$arg2();
        } else if (field instanceof QOM.Mul<?> mul) {
            operator = Expression.Operator.MULTIPLY;
            left = mul.$arg1();
            right = mul.$arg2();
        } else {
            return null;
        }
        Expression a = expression(table, left);
        Expression b = expression(table, right);
        ColumnType type = a == null || b == null ? null : ColumnType.arithmetic(a.type(), b.type());
        return type == null ? null : new Expression.Arithmetic(type, operator, a, b);
    }

    /** The position of a column reference in {@code table}, or -1 if it names another table or no held column. */
    private static int column(HeldTable table, Field<?> field) {
        if (!(field instanceof TableField<?, ?>)) {
            return -1;
        }
        String[] parts = field.getQualifiedName().getName();
        if (parts.length > 1 && !parts[parts.length - 2].equals(table.name())) {
            return -1;
        }
        return table.indexOf(parts[parts.length - 1]);
    }

    private static boolean allBound(List<? extends Row> rows) {
        for (Row row : rows) {
            for (Field<?> field : row.fields()) {
                if (!(field instanceof Param<?>)) {
                    return false;
                }
            }
        }
        return true;
    }

    /** An expression over bound values and the written table's own columns: it reads no other row. */
    private static boolean simpleOperand(Field<?> field) {
        if (field instanceof Param<?> || field instanceof TableField<?, ?>) {
            return true;
        }
        if (field instanceof QOM.Neg<?> neg) {
            return simpleOperand(neg.$arg1());
        }
        if (field instanceof QOM.Add<?> add) {
            return simpleOperand(add.$arg1()) && simpleOperand(add.$arg2());
        }
        if (field instanceof QOM.Sub<?> sub) {
            return simpleOperand(sub.$arg1()) && simpleOperand(sub.$arg2());
        }
        if (field instanceof QOM.Mul<?> mul) {
            return simpleOperand(mul.$arg1()) && simpleOperand(mul.$arg2());
        }
        return false;
    }

    private static boolean simpleCondition(Condition condition) {
        if (condition instanceof QOM.And and) {
            return simpleCondition(and.$arg1()) && simpleCondition(and.$arg2());
        }
        return condition instanceof QOM.Eq<?> eq && simpleOperand(eq.$arg1()) && simpleOperand(eq.$arg2());
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

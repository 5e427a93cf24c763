package dev.refold.internal.writebehind;

import dev.refold.internal.writebehind.pg.ColumnType;
import dev.refold.internal.writebehind.pg.Expression;
import dev.refold.internal.writebehind.pg.HeldColumn;
import org.jooq.Condition;
import org.jooq.Field;
import org.jooq.Param;
import org.jooq.Row;
import org.jooq.TableField;
import org.jooq.impl.QOM;

import java.util.ArrayList;
import java.util.List;

/**
 * Reads the parts of a jOOQ statement write-behind follows: column references, bound values with their SQL types,
 * and SET expressions compiled into {@link Expression}s; and tells whether an expression or condition reads no
 * other row than the one written.
 */
final class QueryParts {
    private QueryParts() {
    }

    /** A bound value as the column stores it, or REFUSED. */
    static Object bound(Param<?> param, HeldColumn column) {
        ColumnType type = typeOf(param);
        if (type == null) {
            return ColumnType.REFUSED;
        }
        Object held = type.hold(param.getValue());
        return held == ColumnType.REFUSED ? held : column.assign(type, held);
    }

    /** The SQL type of a bound value; null when it needs a converter or is of a type write-behind does not hold. */
    static ColumnType typeOf(Param<?> param) {
        org.jooq.Converter<?, ?> converter = param.getDataType().getConverter();
        // a converter or a binding of the application's own may change the value, or how it is sent
        if (converter.fromType() != converter.toType()
                || !param.getDataType().getBinding().getClass().getName().startsWith("org.jooq.impl.DefaultBinding")) {
            return null;
        }
        Object value = param.getValue();
        return ColumnType.ofJavaType(value != null ? value.getClass() : param.getDataType().getType());
    }

    static Expression expression(HeldTable table, Field<?> field, boolean excluded) {
        if (field instanceof Param<?> param) {
            ColumnType type = typeOf(param);
            Object value = type == null ? ColumnType.REFUSED : type.hold(param.getValue());
            return value == ColumnType.REFUSED ? null : new Expression.Constant(type, value);
        }
        if (field instanceof TableField<?, ?>) {
            if (excluded && field.getQualifiedName().getName().length == 1) {
                return null; // next to excluded.*, PostgreSQL finds an unqualified column ambiguous: it reports that
            }
            int index = column(table, field);
            return index < 0 ? null : new Expression.Column(table.columns()[index].type(), index);
        }
        if (field instanceof QOM.Excluded<?> value && excluded) {
            int index = value.$field() instanceof TableField<?, ?> ? column(table, value.$field()) : -1;
            return index < 0 ? null : new Expression.Excluded(table.columns()[index].type(), index);
        }
        if (field instanceof QOM.Coalesce<?> coalesce) {
            List<Expression> arguments = new ArrayList<>();
            ColumnType type = null;
            for (Field<?> argument : coalesce.$arg1()) {
                Expression compiled = expression(table, argument, excluded);
                if (compiled == null) {
                    return null;
                }
                // PostgreSQL resolves COALESCE's type as UNION does: the same type, or the wider number
                type = type == null || type == compiled.type() ? compiled.type() : ColumnType.arithmetic(type, compiled.type());
                if (type == null) {
                    return null;
                }
                arguments.add(compiled);
            }
            return arguments.isEmpty() ? null : new Expression.Coalesce(type, arguments);
        }
        if (field instanceof QOM.Neg<?> neg) {
            Expression operand = expression(table, neg.$arg1(), excluded);
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
        Expression a = expression(table, left, excluded);
        Expression b = expression(table, right, excluded);
        ColumnType type = a == null || b == null ? null : ColumnType.arithmetic(a.type(), b.type());
        return type == null ? null : new Expression.Arithmetic(type, operator, a, b);
    }

    /** The position of a column reference in {@code table}, or -1 if it names another table or no held column. */
    static int column(HeldTable table, Field<?> field) {
        if (!(field instanceof TableField<?, ?>)) {
            return -1;
        }
        String[] parts = field.getQualifiedName().getName();
        if (parts.length > 1 && !parts[parts.length - 2].equals(table.name())) {
            return -1;
        }
        return table.indexOf(parts[parts.length - 1]);
    }

    static boolean allBound(List<? extends Row> rows) {
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
    static boolean simpleOperand(Field<?> field) {
        if (field instanceof Param<?> || field instanceof TableField<?, ?> || field instanceof QOM.Excluded<?>) {
            return true;
        }
        if (field instanceof QOM.Coalesce<?> coalesce) {
            return coalesce.$arg1().stream().allMatch(QueryParts::simpleOperand);
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

    static boolean simpleCondition(Condition condition) {
        if (condition instanceof QOM.And and) {
            return simpleCondition(and.$arg1()) && simpleCondition(and.$arg2());
        }
        return condition instanceof QOM.Eq<?> eq && simpleOperand(eq.$arg1()) && simpleOperand(eq.$arg2());
    }
}

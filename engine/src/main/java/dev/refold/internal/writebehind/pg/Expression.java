package dev.refold.internal.writebehind.pg;

import java.math.BigDecimal;

/**
 * The value of an UPDATE's SET item, computed from the row as it was before the statement, as PostgreSQL does
 * (and, in an INSERT ... ON CONFLICT DO UPDATE, from the row proposed for insertion, {@code excluded}).
 * Evaluating gives the held value, null for SQL NULL, or {@link ColumnType#REFUSED} where PostgreSQL would raise
 * an error (an integer overflow, say), so that the database raises it.
 */
public sealed interface Expression {
    ColumnType type();

    Object evaluate(Object[] row, Object[] excluded);

    record Constant(ColumnType type, Object value) implements Expression {
        @Override
        public Object evaluate(Object[] row, Object[] excluded) {
            return value;
        }
    }

    record Column(ColumnType type, int index) implements Expression {
        @Override
        public Object evaluate(Object[] row, Object[] excluded) {
            return row[index];
        }
    }

    /** {@code excluded.column}: the value the conflicting INSERT proposed. */
    record Excluded(ColumnType type, int index) implements Expression {
        @Override
        public Object evaluate(Object[] row, Object[] excluded) {
            return excluded[index];
        }
    }

    /** The first argument that is not NULL, in the type PostgreSQL resolves for all of them. */
    record Coalesce(ColumnType type, java.util.List<Expression> arguments) implements Expression {
        @Override
        public Object evaluate(Object[] row, Object[] excluded) {
            for (Expression argument : arguments) {
                Object value = argument.evaluate(row, excluded);
                if (value != null) {
                    return value == ColumnType.REFUSED ? value : type.widen(argument.type(), value);
                }
            }
            return null;
        }
    }

    enum Operator { ADD, SUBTRACT, MULTIPLY }

    record Arithmetic(ColumnType type, Operator operator, Expression left, Expression right) implements Expression {
        @Override
        public Object evaluate(Object[] row, Object[] excluded) {
            Object a = left.evaluate(row, excluded);
            Object b = right.evaluate(row, excluded);
            if (a == ColumnType.REFUSED || b == ColumnType.REFUSED) {
                return ColumnType.REFUSED;
            }
            if (a == null || b == null) {
                return null;
            }
            a = type.widen(left.type(), a);
            b = type.widen(right.type(), b);
            if (a == ColumnType.REFUSED || b == ColumnType.REFUSED) {
                return ColumnType.REFUSED;
            }
            return switch (type) {
                case NUMERIC -> numeric((BigDecimal) a, (BigDecimal) b);
                case FLOAT8 -> float8((Double) a, (Double) b);
                default -> integer((Long) a, (Long) b);
            };
        }

        private Object integer(long a, long b) {
            try {
                long result = switch (operator) {
                    case ADD -> Math.addExact(a, b);
                    case SUBTRACT -> Math.subtractExact(a, b);
                    case MULTIPLY -> Math.multiplyExact(a, b);
                };
                return type.inRange(result);
            } catch (ArithmeticException overflow) {
                return ColumnType.REFUSED;
            }
        }

        private Object numeric(BigDecimal a, BigDecimal b) {
            BigDecimal result = switch (operator) {
                case ADD -> a.add(b);
                case SUBTRACT -> a.subtract(b);
                case MULTIPLY -> a.multiply(b);
            };
            // numeric's scale has a limit; near it, PostgreSQL's rules are not worth following here
            return result.scale() > 1000 ? ColumnType.REFUSED : result;
        }

        private Object float8(double a, double b) {
            double result = switch (operator) {
                case ADD -> a + b;
                case SUBTRACT -> a - b;
                case MULTIPLY -> a * b;
            };
            // float8 arithmetic raises "value out of range" on overflow to infinity, and on underflow to zero in products
            if (Double.isInfinite(result) && !Double.isInfinite(a) && !Double.isInfinite(b)) {
                return ColumnType.REFUSED;
            }
            if (operator == Operator.MULTIPLY && result == 0.0 && a != 0.0 && b != 0.0) {
                return ColumnType.REFUSED;
            }
            return result;
        }
    }

    record Negation(ColumnType type, Expression operand) implements Expression {
        @Override
        public Object evaluate(Object[] row, Object[] excluded) {
            Object value = operand.evaluate(row, excluded);
            if (value == ColumnType.REFUSED || value == null) {
                return value;
            }
            return switch (type) {
                case NUMERIC -> ((BigDecimal) value).negate();
                case FLOAT8 -> -(Double) value;
                default -> (Long) value == Long.MIN_VALUE ? ColumnType.REFUSED : type.inRange(-(Long) value);
            };
        }
    }
}

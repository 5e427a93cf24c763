package dev.refold.internal.writebehind.pg;

import java.math.BigDecimal;
import java.math.RoundingMode;

/**
 * One column of a held table, with what PostgreSQL checks when a value is stored in it.
 *
 * @param maxLength     varchar(n)'s n, or -1
 * @param precision     numeric(p, s)'s p, or -1 for a numeric without a type modifier
 * @param scale         numeric(p, s)'s s
 * @param defaultValue  the value an INSERT that omits the column stores (null without a default)
 * @param defaultKnown  false when the default is an expression write-behind does not evaluate, such as now()
 */
public record HeldColumn(String name, ColumnType type, int maxLength, int precision, int scale, boolean notNull,
                  Object defaultValue, boolean defaultKnown) {

    /**
     * {@code value} of type {@code from} as this column stores it (PostgreSQL's assignment cast), or REFUSED where
     * PostgreSQL would convert it some other way, or raise an error.
     */
    public Object assign(ColumnType from, Object value) {
        if (value == null) {
            return null;
        }
        switch (type) {
            case INT2, INT4, INT8:
                return from.integral() ? type.inRange((Long) value) : ColumnType.REFUSED;
            case NUMERIC:
                if (from.integral()) {
                    return fitNumeric(BigDecimal.valueOf((Long) value));
                }
                return from == ColumnType.NUMERIC ? fitNumeric((BigDecimal) value) : ColumnType.REFUSED;
            case FLOAT8:
                if (from.integral() || from == ColumnType.NUMERIC || from == ColumnType.FLOAT8) {
                    return ColumnType.FLOAT8.widen(from, value);
                }
                return from == ColumnType.FLOAT4 ? (Object) ((Float) value).doubleValue() : ColumnType.REFUSED;
            case TEXT:
                if (from != ColumnType.TEXT) {
                    return ColumnType.REFUSED;
                }
                String text = (String) value;
                // varchar(n) counts characters; PostgreSQL cuts trailing spaces to fit, or fails: it decides then
                return maxLength < 0 || text.codePointCount(0, text.length()) <= maxLength ? text : ColumnType.REFUSED;
            default:
                return from == type ? value : ColumnType.REFUSED;
        }
    }

    /** numeric(p, s) rounds half away from zero to s digits and fails when the integer part needs more than p - s. */
    private Object fitNumeric(BigDecimal value) {
        if (precision < 0) {
            return value;
        }
        BigDecimal rounded = value.setScale(scale, RoundingMode.HALF_UP);
        if (scale < 0) {
            rounded = rounded.setScale(0); // a negative scale rounds to tens, hundreds...; the value shows no decimals
        }
        return rounded.abs().compareTo(BigDecimal.ONE.scaleByPowerOfTen(precision - scale)) < 0 ? rounded : ColumnType.REFUSED;
    }
}

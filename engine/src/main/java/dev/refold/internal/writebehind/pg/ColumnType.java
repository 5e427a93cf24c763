package dev.refold.internal.writebehind.pg;

import org.jooq.JSONB;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.util.HexFormat;
import java.util.UUID;

/**
 * The column types whose values write-behind can hold in memory, each held as one Java type (every integer as
 * a Long, every timestamptz as an Instant, ...). A value it cannot hold exactly as PostgreSQL would store it is
 * {@link #REFUSED}: the statement then goes to the database, which decides.
 */
public enum ColumnType {
    INT2, INT4, INT8, NUMERIC, FLOAT4, FLOAT8, BOOL, TEXT, TIMESTAMPTZ, TIMESTAMP, DATE, UUID, JSONB, BYTEA;

    /** numeric's input limits: digits before and after the decimal point. */
    private static final int NUMERIC_MAX_INTEGER_DIGITS = 131072;
    private static final int NUMERIC_MAX_SCALE = 16383;

    /** Marks a value, or a result, that write-behind must leave to PostgreSQL. */
    public static final Object REFUSED = new Object() {
        @Override
        public String toString() {
            return "REFUSED";
        }
    };

    /** By {@code pg_type.typname}; null for a type write-behind does not hold. */
    public static ColumnType ofTypeName(String typname) {
        return switch (typname) {
            case "int2" -> INT2;
            case "int4" -> INT4;
            case "int8" -> INT8;
            case "numeric" -> NUMERIC;
            case "float4" -> FLOAT4;
            case "float8" -> FLOAT8;
            case "bool" -> BOOL;
            case "text", "varchar" -> TEXT;
            case "timestamptz" -> TIMESTAMPTZ;
            case "timestamp" -> TIMESTAMP;
            case "date" -> DATE;
            case "uuid" -> UUID;
            case "jsonb" -> JSONB;
            case "bytea" -> BYTEA;
            default -> null;
        };
    }

    /** The type a bound Java value has in SQL, as jOOQ binds it; null for one write-behind does not hold. */
    public static ColumnType ofJavaType(Class<?> type) {
        if (type == Integer.class) {
            return INT4;
        }
        if (type == Long.class) {
            return INT8;
        }
        if (type == Short.class || type == Byte.class) {
            return INT2;
        }
        if (type == BigDecimal.class || type == BigInteger.class) {
            return NUMERIC;
        }
        if (type == Double.class) {
            return FLOAT8;
        }
        if (type == Float.class) {
            return FLOAT4;
        }
        if (type == Boolean.class) {
            return BOOL;
        }
        if (type == String.class) {
            return TEXT;
        }
        if (type == Instant.class || type == OffsetDateTime.class) {
            return TIMESTAMPTZ;
        }
        if (type == LocalDateTime.class) {
            return TIMESTAMP;
        }
        if (type == LocalDate.class) {
            return DATE;
        }
        if (type == java.util.UUID.class) {
            return UUID;
        }
        if (type == org.jooq.JSONB.class) {
            return JSONB;
        }
        if (type == byte[].class) {
            return BYTEA;
        }
        return null;
    }

    public boolean integral() {
        return this == INT2 || this == INT4 || this == INT8;
    }

    /** A bound value of this type as held, or REFUSED where PostgreSQL would store something else, or fail. */
    public Object hold(Object value) {
        if (value == null) {
            return null;
        }
        switch (this) {
            case INT2, INT4, INT8:
                return value instanceof Number n && !(value instanceof BigDecimal) && !(value instanceof BigInteger)
                        ? inRange(n.longValue()) : REFUSED;
            case NUMERIC:
                if (value instanceof BigInteger big) {
                    return new BigDecimal(big);
                }
                if (!(value instanceof BigDecimal d)) {
                    return REFUSED;
                }
                // PostgreSQL reads 1E+2 as 100, of scale 0; a negative scale would also carry into products
                BigDecimal decimal = d.scale() < 0 ? d.setScale(0) : d;
                return decimal.precision() - decimal.scale() > NUMERIC_MAX_INTEGER_DIGITS || decimal.scale() > NUMERIC_MAX_SCALE
                        ? REFUSED : decimal;
            case TEXT:
                return value instanceof String s && s.indexOf('\0') < 0 && wellFormed(s) ? s : REFUSED;
            case TIMESTAMPTZ: {
                // jOOQ sends its own text of the value; an offset with seconds, or a time before the Gregorian
                // reform, is where that text and the Instant might part
                if (value instanceof OffsetDateTime odt && odt.getOffset().getTotalSeconds() % 60 != 0) {
                    return REFUSED;
                }
                Instant instant = value instanceof OffsetDateTime odt ? odt.toInstant() : value instanceof Instant i ? i : null;
                // PostgreSQL keeps microseconds and rounds finer values
                return instant != null && instant.getNano() % 1000 == 0 && gregorian(instant.atOffset(java.time.ZoneOffset.UTC).getYear())
                        ? instant : REFUSED;
            }
            case TIMESTAMP:
                return value instanceof LocalDateTime ldt && ldt.getNano() % 1000 == 0 && gregorian(ldt.getYear())
                        && BoundTime.boundAsItIs(ldt) ? ldt : REFUSED;
            case DATE:
                return value instanceof LocalDate date && gregorian(date.getYear()) && BoundTime.boundAsItIs(date) ? date : REFUSED;
            case BYTEA:
                return value instanceof byte[] bytes ? bytes.clone() : REFUSED;
            case FLOAT8:
                return value instanceof Double ? value : REFUSED;
            case FLOAT4:
                return value instanceof Float ? value : REFUSED;
            case BOOL:
                return value instanceof Boolean ? value : REFUSED;
            case UUID:
                return value instanceof java.util.UUID ? value : REFUSED;
            case JSONB:
                return value instanceof org.jooq.JSONB json && json.data() != null && wellFormed(json.data()) && JsonbInput.accepts(json.data())
                        ? value : REFUSED;
            default:
                return REFUSED;
        }
    }

    /**
     * Whether a text is well-formed UTF-16: a lone surrogate has no UTF-8 form, and the driver's encoder and COPY's
     * need not replace it alike.
     */
    static boolean wellFormed(String text) {
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (Character.isHighSurrogate(c) && i + 1 < text.length() && Character.isLowSurrogate(text.charAt(i + 1))) {
                i++;
            } else if (Character.isSurrogate(c)) {
                return false;
            }
        }
        return true;
    }

    /**
     * jOOQ binds a LocalDate or LocalDateTime through java.sql.Date or Timestamp, whose calendar is Julian before
     * October 1582 (1582-10-10 becomes 1582-10-20): such years, and those PostgreSQL prints differently (after
     * 9999), are left to PostgreSQL.
     */
    private static boolean gregorian(int year) {
        return year >= 1583 && year <= 9999;
    }

    /** An integer of this type, or REFUSED where PostgreSQL raises "out of range". */
    public Object inRange(long value) {
        return switch (this) {
            case INT2 -> value >= Short.MIN_VALUE && value <= Short.MAX_VALUE ? (Object) value : REFUSED;
            case INT4 -> value >= Integer.MIN_VALUE && value <= Integer.MAX_VALUE ? (Object) value : REFUSED;
            default -> value;
        };
    }

    /** PostgreSQL's text input form of a held value, for COPY. */
    public String text(Object held) {
        return switch (this) {
            case NUMERIC -> ((BigDecimal) held).toPlainString();
            case BYTEA -> "\\x" + HexFormat.of().formatHex((byte[]) held);
            case JSONB -> ((JSONB) held).data();
            default -> held.toString();
        };
    }

    /**
     * The type of {@code a op b} as PostgreSQL resolves its arithmetic operators, or null where write-behind does
     * not follow it (float4, or anything that is not a number).
     */
    public static ColumnType arithmetic(ColumnType a, ColumnType b) {
        if (a.integral() && b.integral()) {
            return a.ordinal() >= b.ordinal() ? a : b;
        }
        boolean aNumber = a.integral() || a == NUMERIC || a == FLOAT8;
        boolean bNumber = b.integral() || b == NUMERIC || b == FLOAT8;
        if (!aNumber || !bNumber) {
            return null;
        }
        return a == FLOAT8 || b == FLOAT8 ? FLOAT8 : NUMERIC;
    }

    /**
     * A held number converted to this arithmetic type (an integer widened, a numeric made a double, ...), or
     * REFUSED where PostgreSQL's conversion raises an error.
     */
    public Object widen(ColumnType from, Object value) {
        if (value == null || from == this) {
            return value;
        }
        if (this == NUMERIC) {
            return BigDecimal.valueOf((Long) value);
        }
        if (this == FLOAT8) {
            if (from != NUMERIC) {
                return ((Long) value).doubleValue();
            }
            // as PostgreSQL converts numeric to float8: through its text, correctly rounded, and out of range
            // when that overflows to infinity or underflows to zero
            BigDecimal decimal = (BigDecimal) value;
            double converted = Double.parseDouble(decimal.toString());
            return Double.isInfinite(converted) || (converted == 0.0 && decimal.signum() != 0) ? REFUSED : (Object) converted;
        }
        return value; // a narrower integer: still a Long
    }
}

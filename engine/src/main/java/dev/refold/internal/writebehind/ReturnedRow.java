package dev.refold.internal.writebehind;

import dev.refold.internal.writebehind.pg.ColumnType;
import dev.refold.internal.writebehind.pg.HeldColumn;
import org.jooq.DataType;
import org.jooq.Field;

import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.UUID;

/** The answer to a held INSERT ... RETURNING: the new row's returned columns, as the table would give them. */
final class ReturnedRow {
    private ReturnedRow() {
    }

    /** The positions in {@code table} of the RETURNING fields, or null if one is not a column of it. */
    static int[] columns(HeldTable table, List<Field<?>> returning) {
        int[] columns = new int[returning.size()];
        for (int i = 0; i < columns.length; i++) {
            columns[i] = QueryParts.column(table, returning.get(i));
            if (columns[i] < 0) {
                return null;
            }
        }
        return columns;
    }

    /**
     * What the table would return for the inserted row, in the fields' own types; null where write-behind cannot
     * be sure of PostgreSQL's answer. It answers only a field of the column's own Java type, read by jOOQ's own
     * binding: read as another type, the value would come from PostgreSQL's text (a numeric 0.0000001 read as a
     * String is "0.0000001", a timestamptz is printed in the session's time zone), which write-behind does not
     * reproduce. A timestamptz read as an OffsetDateTime carries the session's offset: answered only in a UTC
     * session.
     */
    static org.jooq.Result<?> of(List<Field<?>> fields, int[] columns, HeldColumn[] tableColumns, Object[] row, boolean utcSession) {
        org.jooq.DSLContext context = org.jooq.impl.DSL.using(org.jooq.SQLDialect.POSTGRES);
        org.jooq.Record record = context.newRecord(fields.toArray(Field<?>[]::new));
        Object[] values = new Object[columns.length];
        for (int i = 0; i < columns.length; i++) {
            Object value = answer(fields.get(i).getDataType(), tableColumns[columns[i]].type(), row[columns[i]], utcSession);
            if (value == ColumnType.REFUSED) {
                return null;
            }
            values[i] = value;
        }
        record.fromArray(values); // by position: a column may be returned twice
        org.jooq.Result<org.jooq.Record> result = context.newResult(fields.toArray(Field<?>[]::new));
        result.add(record);
        return result;
    }

    private static Object answer(DataType<?> field, ColumnType column, Object held, boolean utcSession) {
        org.jooq.Converter<?, ?> converter = field.getConverter();
        if (converter.fromType() != converter.toType() || !field.getBinding().getClass().getName().startsWith("org.jooq.impl.DefaultBinding")) {
            return ColumnType.REFUSED;
        }
        Class<?> type = field.getType();
        boolean natural = switch (column) {
            case INT2 -> type == Short.class;
            case INT4 -> type == Integer.class;
            case INT8 -> type == Long.class;
            case NUMERIC -> type == BigDecimal.class;
            case FLOAT8 -> type == Double.class;
            case BOOL -> type == Boolean.class;
            case TEXT -> type == String.class;
            case TIMESTAMP -> type == LocalDateTime.class;
            case DATE -> type == LocalDate.class;
            case TIMESTAMPTZ -> type == Instant.class || (type == OffsetDateTime.class && utcSession);
            case UUID -> type == UUID.class;
            case BYTEA -> type == byte[].class;
            // PostgreSQL returns jsonb normalised; float4 is not held
            default -> false;
        };
        if (!natural) {
            return ColumnType.REFUSED;
        }
        if (held == null) {
            return null;
        }
        return switch (column) {
            case INT2 -> (Object) ((Long) held).shortValue();
            case INT4 -> (Object) ((Long) held).intValue();
            case TIMESTAMPTZ -> type == Instant.class ? held : ((Instant) held).atOffset(ZoneOffset.UTC);
            case BYTEA -> ((byte[]) held).clone();
            default -> held;
        };
    }
}

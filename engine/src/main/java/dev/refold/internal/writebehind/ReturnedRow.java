package dev.refold.internal.writebehind;

import org.jooq.Field;

import java.util.List;

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

    /** What the table would return for the inserted row, in the fields' own types; null if a value does not convert. */
    static org.jooq.Result<?> of(List<Field<?>> fields, int[] columns, Object[] row) {
        org.jooq.DSLContext context = org.jooq.impl.DSL.using(org.jooq.SQLDialect.POSTGRES);
        org.jooq.Record record = context.newRecord(fields.toArray(Field<?>[]::new));
        Object[] values = new Object[columns.length];
        try {
            for (int i = 0; i < columns.length; i++) {
                if (row[columns[i]] instanceof org.jooq.JSONB) {
                    return null; // PostgreSQL returns jsonb normalised; jOOQ would read the held text through its own parser
                }
                values[i] = fields.get(i).getDataType().convert(row[columns[i]]);
            }
        } catch (RuntimeException unconvertible) {
            return null;
        }
        record.fromArray(values); // by position: a column may be returned twice
        org.jooq.Result<org.jooq.Record> result = context.newResult(fields.toArray(Field<?>[]::new));
        result.add(record);
        return result;
    }
}

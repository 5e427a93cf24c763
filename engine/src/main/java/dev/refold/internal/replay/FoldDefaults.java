package dev.refold.internal.replay;

import dev.refold.internal.db.Identifiers;
import dev.refold.internal.projection.FoldBinding;
import dev.refold.internal.writebehind.ColumnDefaults;
import org.jooq.DSLContext;
import org.jooq.Field;
import org.jooq.Record;
import org.jooq.UpdatableRecord;
import org.jooq.impl.DSL;

import java.util.ArrayList;
import java.util.List;

/**
 * A fold's new row starts as PostgreSQL would start it: every column with a default holds the default, evaluated by
 * PostgreSQL as the column's type and read back as jOOQ reads a fetched row, on a rebuild and live alike. Constant
 * defaults are read once; any other (now(), nextval(...)) once per new row, as an INSERT would.
 */
final class FoldDefaults {
    private final FoldBinding fold;
    private final List<Field<Object>> constantFields = new ArrayList<>();
    private final List<Field<?>> constantValues = new ArrayList<>();
    private final List<Field<Object>> perRowFields = new ArrayList<>();
    private final List<Field<?>> perRowValues = new ArrayList<>();
    private Record constants;

    @SuppressWarnings("unchecked")
    private FoldDefaults(FoldBinding fold, DSLContext dsl, String schema) {
        this.fold = fold;
        var columns = dsl.resultQuery("select a.attname, pg_get_expr(d.adbin, d.adrelid), format_type(a.atttypid, a.atttypmod)"
                + " from pg_attribute a join pg_attrdef d on d.adrelid = a.attrelid and d.adnum = a.attnum"
                + " where a.attrelid = {0}::regclass and a.attnum > 0 and not a.attisdropped and a.attgenerated = ''",
                DSL.inline(Identifiers.qualified(schema, fold.table().getName()))).fetch();
        for (var column : columns) {
            Field<Object> field = (Field<Object>) fold.table().field(column.get(0, String.class));
            if (field == null || field.equals(fold.keyField())) {
                continue; // a column the generated class does not know, or the key, which the fold sets
            }
            String expression = column.get(1, String.class);
            Field<?> value = DSL.field(ColumnDefaults.asColumnType(expression, column.get(2, String.class)), field.getDataType());
            if (ColumnDefaults.constant(expression)) {
                constantFields.add(field);
                constantValues.add(value);
            } else {
                perRowFields.add(field);
                perRowValues.add(value);
            }
        }
    }

    /** The defaults of the fold's table in {@code schema}, read through {@code dsl} (which must be safe to query). */
    static FoldDefaults read(FoldBinding fold, DSLContext dsl, String schema) {
        return new FoldDefaults(fold, dsl, schema);
    }

    /**
     * Whether some default is evaluated per row (now(), nextval(...)): then the values a row gets depend on the
     * order in which keys first appear, and a rebuild must not fold its keys range by range.
     */
    boolean perRow() {
        return !perRowFields.isEmpty();
    }

    /** A new row for {@code key}, its other columns at their defaults; queried through {@code dsl} if one is per row. */
    UpdatableRecord<?> newRow(Object key, DSLContext dsl) {
        UpdatableRecord<?> row = fold.newRow(key);
        if (!constantFields.isEmpty()) {
            if (constants == null) {
                constants = dsl.select(constantValues).fetchOne();
            }
            set(row, constantFields, constants);
        }
        if (!perRowFields.isEmpty()) {
            set(row, perRowFields, dsl.select(perRowValues).fetchOne());
        }
        return row;
    }

    private static void set(UpdatableRecord<?> row, List<Field<Object>> fields, Record values) {
        for (int i = 0; i < fields.size(); i++) {
            row.set(fields.get(i), values.get(i));
        }
    }
}

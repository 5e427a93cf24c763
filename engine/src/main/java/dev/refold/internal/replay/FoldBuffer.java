package dev.refold.internal.replay;

import dev.refold.internal.db.CopyCsv;
import dev.refold.internal.db.Identifiers;
import dev.refold.internal.projection.FoldBinding;
import dev.refold.internal.writebehind.FlushedKeys;
import org.jooq.DSLContext;
import org.jooq.Field;
import org.jooq.JSON;
import org.jooq.JSONB;
import org.jooq.UpdatableRecord;

import java.math.BigDecimal;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

/**
 * A fold-style rebuild's rows, kept in memory by key and written to the table by COPY when the budget is
 * reached or the pass ends. After the first flush a key may already have a row: it is loaded on demand, and
 * the rows that were loaded that way go back through a staging table with an upsert, while every row of a key
 * the table has never held is copied straight in.
 */
final class FoldBuffer {
    private final FoldBinding fold;
    private final String qualifiedTable;
    private final String columns;
    private final Field<?>[] fields;
    private final Map<Object, UpdatableRecord<?>> rows = new LinkedHashMap<>();
    private FlushedKeys flushed = new FlushedKeys();
    /** Buffered keys whose row was loaded from the table: they must be merged, the others can be copied. */
    private final Set<Object> loaded = new HashSet<>();
    private boolean tableHasRows;
    /** Whether every row in the table was written by this buffer, so that {@link #flushed} knows all keys. */
    private final boolean allRowsOurs;
    /** Keys per SELECT when a range's rows are loaded at once: well below PostgreSQL's limit of bind values. */
    private static final int LOAD_CHUNK = 5_000;

    private final FoldDefaults defaults;

    FoldBuffer(FoldBinding fold, String schema, boolean tableHasRows, FoldDefaults defaults) {
        this.fold = fold;
        this.defaults = defaults;
        this.qualifiedTable = Identifiers.qualified(schema, fold.table().getName());
        this.fields = fold.table().fields();
        StringBuilder names = new StringBuilder();
        for (Field<?> f : fields) {
            names.append(names.length() == 0 ? "" : ", ").append(Identifiers.quote(f.getName()));
        }
        this.columns = names.toString();
        this.tableHasRows = tableHasRows;
        this.allRowsOurs = !tableHasRows;
    }

    /** The row for {@code key}: buffered, loaded from an earlier flush, or new. */
    UpdatableRecord<?> row(Object key, DSLContext dsl) {
        Object normalised = fold.normalise(key);
        UpdatableRecord<?> row = rows.get(normalised);
        if (row == null) {
            if (tableHasRows && (!allRowsOurs || flushed.mightContain(normalised))) {
                row = dsl.selectFrom(fold.table()).where(fold.keyField().eq(normalised)).fetchOne();
            }
            if (row == null) {
                row = defaults.newRow(normalised, dsl);
            } else {
                loaded.add(normalised);
            }
            rows.put(normalised, row);
        }
        return row;
    }

    int size() {
        return rows.size();
    }

    /** The buffered keys, normalised. */
    Set<Object> keys() {
        return rows.keySet();
    }

    /**
     * Whether every row in the table was written by this buffer: only then does a range of buckets know which of
     * its keys the table holds (see {@link #beginRange}).
     */
    boolean allRowsOurs() {
        return allRowsOurs;
    }

    /**
     * Starts folding one range of buckets, the buffer empty: {@code inTable} are the range's keys the table holds
     * (written by this buffer), loaded here in a few queries instead of one query per key later. The range's other
     * keys are new unless this range flushes them itself, which is all {@link #flushed} must know from now on: no
     * other range shares a key with it.
     */
    void beginRange(java.util.List<Object> inTable, DSLContext dsl) {
        if (!rows.isEmpty() || !allRowsOurs) {
            throw new IllegalStateException("a range begins on an empty buffer whose table holds only its rows");
        }
        flushed = new FlushedKeys();
        for (int from = 0; from < inTable.size(); from += LOAD_CHUNK) {
            var chunk = inTable.subList(from, Math.min(inTable.size(), from + LOAD_CHUNK));
            for (UpdatableRecord<?> row : dsl.selectFrom(fold.table()).where(fold.keyField().in(chunk)).fetch()) {
                Object key = fold.normalise(row.get(fold.keyField()));
                rows.put(key, row);
                loaded.add(key);
            }
        }
    }

    /** Writes every buffered row in the caller's transaction and empties the buffer. */
    void flush(Connection connection) throws SQLException {
        if (rows.isEmpty()) {
            return;
        }
        if (loaded.size() < rows.size()) {
            CopyCsv.copyIn(connection, qualifiedTable, columns, buffered(false), this::writeRow);
        }
        if (!loaded.isEmpty()) {
            try (Statement s = connection.createStatement()) {
                s.execute("create temporary table if not exists refold_fold_stage (like " + qualifiedTable + ") on commit drop");
            }
            CopyCsv.copyIn(connection, "refold_fold_stage", columns, buffered(true), this::writeRow);
            try (Statement s = connection.createStatement()) {
                s.execute("insert into " + qualifiedTable + " (" + columns + ") select " + columns + " from refold_fold_stage"
                        + " on conflict (" + Identifiers.quote(fold.keyField().getName()) + ") do update set " + updateList());
                s.execute("drop table refold_fold_stage");
            }
        }
        rows.keySet().forEach(flushed::add);
        rows.clear();
        loaded.clear();
        tableHasRows = true;
    }

    private String updateList() {
        StringBuilder set = new StringBuilder();
        for (Field<?> f : fields) {
            String column = Identifiers.quote(f.getName());
            set.append(set.length() == 0 ? "" : ", ").append(column).append(" = excluded.").append(column);
        }
        return set.toString();
    }

    /** The buffered rows that were loaded from the table ({@code loadedRows}), or the others. */
    private Iterable<UpdatableRecord<?>> buffered(boolean loadedRows) {
        return () -> rows.entrySet().stream().filter(entry -> loaded.contains(entry.getKey()) == loadedRows)
                .<UpdatableRecord<?>>map(Map.Entry::getValue).iterator();
    }

    private void writeRow(UpdatableRecord<?> row, StringBuilder csv) {
        for (int i = 0; i < fields.length; i++) {
            Object value = row.get(i);
            CopyCsv.field(csv, i == 0, value == null ? null : text(value));
        }
    }

    /** PostgreSQL's text input form of a value; ISO-8601 for java.time types, as their toString gives. */
    private static String text(Object value) {
        if (value instanceof BigDecimal decimal) {
            return decimal.toPlainString();
        }
        if (value instanceof byte[] bytes) {
            return "\\x" + HexFormat.of().formatHex(bytes);
        }
        if (value instanceof JSONB jsonb) {
            return jsonb.data();
        }
        if (value instanceof JSON json) {
            return json.data();
        }
        if (value instanceof Object[] array) {
            StringBuilder literal = new StringBuilder("{");
            for (int i = 0; i < array.length; i++) {
                literal.append(i == 0 ? "" : ",");
                literal.append(array[i] == null ? "NULL" : '"' + text(array[i]).replace("\\", "\\\\").replace("\"", "\\\"") + '"');
            }
            return literal.append('}').toString();
        }
        return value.toString();
    }
}

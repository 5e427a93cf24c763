package dev.refold.internal.writebehind;

import dev.refold.internal.writebehind.pg.HeldColumn;

import java.math.BigDecimal;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * A table of the shadow whose rows a rebuild holds in memory, by primary key, until they are copied in. A key is
 * in exactly one place: held here, or in the table (then {@link #mightBeInTable} says so, and the statements for it
 * go to the database). Once the table stops being held, every statement for it goes to the database.
 */
final class HeldTable {
    private final String name;
    private final HeldColumn[] columns;
    private final int[] key;
    private final Map<String, Integer> indexByName = new HashMap<>();
    /** Allocated when the first key goes to the table (1 MiB): most held tables never need it before the end. */
    private FlushedKeys inTable;
    private Map<Object, Object[]> rows = new HashMap<>();
    private boolean holding = true;

    HeldTable(String name, List<HeldColumn> columns, int[] key) {
        this.name = name;
        this.columns = columns.toArray(HeldColumn[]::new);
        this.key = key.clone();
        for (int i = 0; i < this.columns.length; i++) {
            indexByName.put(this.columns[i].name(), i);
        }
    }

    String name() {
        return name;
    }

    HeldColumn[] columns() {
        return columns;
    }

    /** The column's position, or -1. */
    int indexOf(String column) {
        Integer index = indexByName.get(column);
        return index == null ? -1 : index;
    }

    boolean isKeyColumn(int index) {
        for (int k : key) {
            if (k == index) {
                return true;
            }
        }
        return false;
    }

    int[] keyColumns() {
        return key;
    }

    boolean holding() {
        return holding;
    }

    /** From now on every statement for this table goes to the database; its held rows must be written out first. */
    void stopHolding() {
        holding = false;
    }

    /** The map key of a row's primary key values, equal where PostgreSQL's equality says equal. */
    static Object keyOf(Object[] keyValues) {
        if (keyValues.length == 1) {
            return keyValue(keyValues[0]);
        }
        Object[] normalised = new Object[keyValues.length];
        for (int i = 0; i < keyValues.length; i++) {
            normalised[i] = keyValue(keyValues[i]);
        }
        return Arrays.asList(normalised);
    }

    private static Object keyValue(Object value) {
        // 1.0 = 1.00 in numeric
        return value instanceof BigDecimal d ? (d.signum() == 0 ? BigDecimal.ZERO : d.stripTrailingZeros()) : value;
    }

    Object keyOfRow(Object[] row) {
        Object[] values = new Object[key.length];
        for (int i = 0; i < key.length; i++) {
            values[i] = row[key[i]];
        }
        return keyOf(values);
    }

    Object[] held(Object mapKey) {
        return rows.get(mapKey);
    }

    boolean mightBeInTable(Object mapKey) {
        return inTable != null && inTable.mightContain(mapKey);
    }

    /** Records that a statement sent to the database may have stored a row with this key. */
    void markInTable(Object mapKey) {
        if (inTable == null) {
            inTable = new FlushedKeys();
        }
        inTable.add(mapKey);
    }

    void hold(Object mapKey, Object[] row) {
        rows.put(mapKey, row);
    }

    void release(Object mapKey) {
        rows.remove(mapKey);
    }

    int size() {
        return rows.size();
    }

    /** Hands over the held rows to be copied in; their keys are in the table from now on. */
    Map<Object, Object[]> detach() {
        Map<Object, Object[]> detached = rows;
        rows = new HashMap<>();
        detached.keySet().forEach(this::markInTable);
        return detached;
    }
}

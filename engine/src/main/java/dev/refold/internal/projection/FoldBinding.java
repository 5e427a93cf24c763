package dev.refold.internal.projection;

import dev.refold.RefoldConfigurationException;
import dev.refold.projection.FoldHandler;
import org.jooq.Field;
import org.jooq.Table;
import org.jooq.TableField;
import org.jooq.UniqueKey;
import org.jooq.UpdatableRecord;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/** A fold-style projection's table, its key column, and the keyed handlers by event type name. */
public final class FoldBinding {
    /** One event type's key function and handler. */
    public record Step(Function<Object, Object> key, FoldHandler<Object, UpdatableRecord<?>> handler) {
        /** The row key of {@code event}; a null key is the projection's bug, reported with the event. */
        public Object keyOf(Object event) {
            Object value = key.apply(event);
            if (value == null) {
                throw new IllegalStateException("the fold's key function returned null for this event");
            }
            return value;
        }
    }

    private final Table<? extends UpdatableRecord<?>> table;
    private final Field<Object> keyField;
    private final Map<String, Step> steps = new HashMap<>();

    @SuppressWarnings("unchecked")
    FoldBinding(String projection, Table<? extends UpdatableRecord<?>> table) {
        this.table = table;
        UniqueKey<?> primaryKey = table.getPrimaryKey();
        if (primaryKey == null || primaryKey.getFields().size() != 1) {
            throw new RefoldConfigurationException("Projection '" + projection + "' folds into " + table.getName()
                    + ", which needs a primary key of exactly one column (generated jOOQ classes carry it)");
        }
        List<? extends TableField<?, ?>> fields = primaryKey.getFields();
        this.keyField = (Field<Object>) fields.get(0);
    }

    @SuppressWarnings("unchecked")
    void add(String typeName, Function<?, ?> key, FoldHandler<?, ?> handler) {
        steps.put(typeName, new Step((Function<Object, Object>) key, (FoldHandler<Object, UpdatableRecord<?>>) handler));
    }

    public Table<? extends UpdatableRecord<?>> table() {
        return table;
    }

    public Field<Object> keyField() {
        return keyField;
    }

    /** Every key function and handler registered, for {@link UpdateCountProof}. */
    List<Object> functions() {
        List<Object> all = new java.util.ArrayList<>();
        for (Step step : steps.values()) {
            all.add(step.key());
            all.add(step.handler());
        }
        return all;
    }

    public Step step(String typeName) {
        return steps.get(typeName);
    }

    /** A fresh row for {@code key}: only the primary key is set. */
    public UpdatableRecord<?> newRow(Object key) {
        UpdatableRecord<?> row = table.newRecord();
        row.set(keyField, keyField.getDataType().convert(key));
        return row;
    }

    /** The key as the column's Java type, so that map lookups and SQL agree. */
    public Object normalise(Object key) {
        return keyField.getDataType().convert(key);
    }
}

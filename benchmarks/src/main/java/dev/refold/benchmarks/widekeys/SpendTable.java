package dev.refold.benchmarks.widekeys;

import org.jooq.TableField;
import org.jooq.UniqueKey;
import org.jooq.impl.DSL;
import org.jooq.impl.Internal;
import org.jooq.impl.SQLDataType;
import org.jooq.impl.TableImpl;
import org.jooq.impl.UpdatableRecordImpl;

/** What jOOQ's generator makes of {@code bench_spend.spend}, written by hand in its shape. */
public final class SpendTable extends TableImpl<SpendTable.SpendRecord> {
    public static final SpendTable SPEND = new SpendTable();

    public final TableField<SpendRecord, String> CUSTOMER_ID = createField(DSL.name("customer_id"), SQLDataType.CLOB.nullable(false), this);
    public final TableField<SpendRecord, Integer> PURCHASES = createField(DSL.name("purchases"), SQLDataType.INTEGER.nullable(false), this);
    public final TableField<SpendRecord, Long> CENTS = createField(DSL.name("cents"), SQLDataType.BIGINT.nullable(false), this);

    private SpendTable() {
        super(DSL.name("spend"), DSL.schema(DSL.name(SpendProjection.NAME)));
    }

    @Override
    public Class<SpendRecord> getRecordType() {
        return SpendRecord.class;
    }

    @Override
    public UniqueKey<SpendRecord> getPrimaryKey() {
        return Internal.createUniqueKey(this, DSL.name("spend_pkey"), CUSTOMER_ID);
    }

    public static final class SpendRecord extends UpdatableRecordImpl<SpendRecord> {
        public SpendRecord() {
            super(SPEND);
        }
    }
}

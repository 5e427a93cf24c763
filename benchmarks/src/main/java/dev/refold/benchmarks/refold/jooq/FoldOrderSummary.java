package dev.refold.benchmarks.refold.jooq;

import org.jooq.Name;
import org.jooq.Schema;
import org.jooq.TableField;
import org.jooq.UniqueKey;
import org.jooq.impl.DSL;
import org.jooq.impl.Internal;
import org.jooq.impl.SQLDataType;
import org.jooq.impl.TableImpl;

import java.time.Instant;

/**
 * {@code bench_fold.order_summary}, written by hand in the shape jOOQ's code generator gives (a table class with
 * its fields and primary key, and an {@link org.jooq.UpdatableRecord}), to spare this module a code-generation
 * step. Must match {@code db/refold/bench_fold/V1__Order_summary.sql}.
 */
public final class FoldOrderSummary extends TableImpl<FoldOrderSummaryRecord> {
    public static final String SCHEMA_NAME = "bench_fold";
    private static final Schema SCHEMA = DSL.schema(DSL.name(SCHEMA_NAME));
    private static final Name NAME = DSL.name("order_summary");

    public static final FoldOrderSummary ORDER_SUMMARY = new FoldOrderSummary();

    public final TableField<FoldOrderSummaryRecord, String> ORDER_ID =
            createField(DSL.name("order_id"), SQLDataType.CLOB.nullable(false), this, "");
    public final TableField<FoldOrderSummaryRecord, String> CUSTOMER_ID =
            createField(DSL.name("customer_id"), SQLDataType.CLOB.nullable(false), this, "");
    public final TableField<FoldOrderSummaryRecord, Integer> ITEMS =
            createField(DSL.name("items"), SQLDataType.INTEGER.nullable(false), this, "");
    public final TableField<FoldOrderSummaryRecord, Long> TOTAL_CENTS =
            createField(DSL.name("total_cents"), SQLDataType.BIGINT.nullable(false), this, "");
    public final TableField<FoldOrderSummaryRecord, Instant> PLACED_AT =
            createField(DSL.name("placed_at"), SQLDataType.INSTANT.nullable(false), this, "");
    public final TableField<FoldOrderSummaryRecord, Instant> SHIPPED_AT =
            createField(DSL.name("shipped_at"), SQLDataType.INSTANT, this, "");
    public final TableField<FoldOrderSummaryRecord, String> STATUS =
            createField(DSL.name("status"), SQLDataType.CLOB.nullable(false), this, "");

    private FoldOrderSummary() {
        super(NAME, SCHEMA);
    }

    @Override
    public Class<FoldOrderSummaryRecord> getRecordType() {
        return FoldOrderSummaryRecord.class;
    }

    @Override
    public UniqueKey<FoldOrderSummaryRecord> getPrimaryKey() {
        return Internal.createUniqueKey(this, DSL.name("order_summary_pkey"), new TableField[]{ORDER_ID}, true);
    }
}

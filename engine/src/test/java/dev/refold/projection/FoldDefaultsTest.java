package dev.refold.projection;

import dev.refold.Refold;
import dev.refold.event.EventType;
import dev.refold.event.ExpectedVersion;
import dev.refold.result.VerifyResult;
import dev.refold.test.RefoldTest;
import dev.refold.test.TestDatabase;
import org.jooq.TableField;
import org.jooq.UniqueKey;
import org.jooq.impl.DSL;
import org.jooq.impl.Internal;
import org.jooq.impl.SQLDataType;
import org.jooq.impl.TableImpl;
import org.jooq.impl.UpdatableRecordImpl;
import org.junit.jupiter.api.Test;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A fold's new row starts from the DDL's column defaults, rebuilt and live alike (the README's
 * {@code row.setItems(row.getItems() + 1)} on {@code integer not null default 0}); and verify's incremental build
 * writes as live catch-up does, so a row only a rebuild can store (NOT NULL filled in by a later event) fails verify.
 */
@RefoldTest
class FoldDefaultsTest {
    @EventType(name = "BasketOpened")
    public record Opened(String id, String label) {
    }

    @EventType(name = "BasketItemPut")
    public record ItemPut(String id) {
    }

    @EventType(name = "BasketLabelled")
    public record Labelled(String id, String label) {
    }

    /** As jOOQ's generator writes it: the record's constructor sets no defaults. */
    public static final class BasketTable extends TableImpl<BasketTable.BasketRecord> {
        public static final BasketTable BASKET = new BasketTable();
        public final TableField<BasketRecord, String> ID = createField(DSL.name("id"), SQLDataType.CLOB.nullable(false), this);
        public final TableField<BasketRecord, Integer> ITEMS = createField(DSL.name("items"), SQLDataType.INTEGER.nullable(false), this);
        public final TableField<BasketRecord, Double> WEIGHT = createField(DSL.name("weight"), SQLDataType.DOUBLE.nullable(false), this);
        public final TableField<BasketRecord, String> LABEL = createField(DSL.name("label"), SQLDataType.CLOB.nullable(false), this);
        public final TableField<BasketRecord, String> NOTE = createField(DSL.name("note"), SQLDataType.CLOB, this);
        public final TableField<BasketRecord, OffsetDateTime> OPENED = createField(DSL.name("opened"),
                SQLDataType.TIMESTAMPWITHTIMEZONE.nullable(false), this);

        private BasketTable() {
            super(DSL.name("basket"), DSL.schema(DSL.name("baskets")));
        }

        @Override
        public Class<BasketRecord> getRecordType() {
            return BasketRecord.class;
        }

        @Override
        public UniqueKey<BasketRecord> getPrimaryKey() {
            return Internal.createUniqueKey(this, DSL.name("basket_pkey"), ID);
        }

        public static final class BasketRecord extends UpdatableRecordImpl<BasketRecord> {
            public BasketRecord() {
                super(BASKET);
            }
        }
    }

    static final BasketTable B = BasketTable.BASKET;

    public static class Baskets implements Projection {
        public String name() {
            return "baskets";
        }

        public int version() {
            return 1;
        }

        public void define(ProjectionSpec spec) {
            spec.fold(B)
                    .on(Opened.class, Opened::id, (row, e, ctx) -> {
                        if (e.label() != null) {
                            row.set(B.LABEL, e.label());
                        }
                    })
                    .on(ItemPut.class, ItemPut::id, (row, e, ctx) -> row.set(B.ITEMS, row.get(B.ITEMS) + 1))
                    .on(Labelled.class, Labelled::id, (row, e, ctx) -> row.set(B.LABEL, e.label()));
        }
    }

    @Test
    void newRowsStartFromTheColumnDefaultsRebuiltAndLive(TestDatabase db) throws Exception {
        try (Refold refold = db.configure().projections(new Baskets()).load()) {
            refold.events().append("b1", ExpectedVersion.any(), List.of(new Opened("b1", "one"), new ItemPut("b1"), new ItemPut("b1")));
            refold.migrate();
            assertThat(row(db, "b1")).isEqualTo("2|0.10000000149011612|one|none|t");
            refold.events().append("b2", ExpectedVersion.any(), List.of(new Opened("b2", "two"), new ItemPut("b2")));
            refold.migrate(); // live catch-up: the new row is loaded, not found, made, upserted
            assertThat(row(db, "b2")).isEqualTo("1|0.10000000149011612|two|none|t");
            VerifyResult verified = refold.verify();
            assertThat(verified.passed()).as(verified.toString()).isFalse(); // now() differs between builds
        }
    }

    @Test
    void aRowOnlyARebuildCanStoreFailsVerifyWithItsEvent(TestDatabase db) {
        try (Refold refold = db.configure().projections(new Baskets()).load()) {
            List<Object> events = new ArrayList<>(List.of(new Opened("b1", "one"), new Opened("b2", null), new ItemPut("b2"),
                    new Labelled("b2", "two")));
            refold.events().append("b", ExpectedVersion.any(), events);
            refold.migrate(); // the rebuild keeps b2 in memory until it is labelled: it stores it
            VerifyResult verified = refold.verify();
            assertThat(verified.passed()).isFalse();
            assertThat(verified.projections().get(0).failure()).contains("position 2").contains("BasketOpened").contains("label");
        }
    }

    private static String row(TestDatabase db, String id) throws Exception {
        try (Connection c = db.connect(); Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("select concat_ws('|', items, weight, label, note, opened > now() - interval '1 hour')"
                     + " from baskets.basket where id = '" + id + "'")) {
            return rs.next() ? rs.getString(1) : null;
        }
    }
}

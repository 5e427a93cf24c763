package dev.refold.internal.statements;

import dev.refold.Refold;
import dev.refold.event.EventType;
import dev.refold.event.ExpectedVersion;
import dev.refold.projection.Projection;
import dev.refold.projection.ProjectionSpec;
import dev.refold.test.RefoldTest;
import dev.refold.test.TestDatabase;
import org.jooq.Field;
import org.jooq.JSONB;
import org.jooq.Record;
import org.jooq.Table;
import org.jooq.impl.SQLDataType;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.math.BigDecimal;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.jooq.impl.DSL.field;
import static org.jooq.impl.DSL.name;
import static org.jooq.impl.DSL.table;

/** During a replay, writes are deferred and sent as literals: every type must arrive exactly as bound. */
@RefoldTest
class DeferredStatementsValuesTest {
    static final Table<Record> VALUE = table(name("typed", "value"));
    static final Field<UUID> ID = field(name("id"), SQLDataType.UUID);
    static final Field<String> LABEL = field(name("label"), SQLDataType.CLOB);
    static final Field<BigDecimal> AMOUNT = field(name("amount"), SQLDataType.NUMERIC(12, 2));
    static final Field<Long> COUNTER = field(name("counter"), SQLDataType.BIGINT);
    static final Field<Boolean> FLAG = field(name("flag"), SQLDataType.BOOLEAN);
    static final Field<OffsetDateTime> AT = field(name("at"), SQLDataType.TIMESTAMPWITHTIMEZONE);
    static final Field<LocalDate> DAY = field(name("day"), SQLDataType.LOCALDATE);
    static final Field<JSONB> DOC = field(name("doc"), SQLDataType.JSONB);
    static final Field<String[]> TAGS = field(name("tags"), SQLDataType.CLOB.array());

    @EventType(name = "ValueRecorded")
    public record ValueRecorded(UUID id, String label, BigDecimal amount, Long counter, boolean flag, OffsetDateTime at,
                                LocalDate day, String doc, String[] tags) {
    }

    public static final class TypedProjection implements Projection {
        public String name() {
            return "typed";
        }

        public int version() {
            return 1;
        }

        public void define(ProjectionSpec spec) {
            spec.on(ValueRecorded.class, (e, ctx) -> ctx.dsl().insertInto(VALUE)
                    .set(ID, e.id()).set(LABEL, e.label()).set(AMOUNT, e.amount()).set(COUNTER, e.counter())
                    .set(FLAG, e.flag()).set(AT, e.at()).set(DAY, e.day()).set(DOC, e.doc() == null ? null : JSONB.valueOf(e.doc()))
                    .set(TAGS, e.tags()).execute());
        }
    }

    /** Reads inside handlers must see the writes before them, in rebuilds and live alike. */
    public static final class ReadingProjection implements Projection {
        public String name() {
            return "typed";
        }

        public int version() {
            return 1;
        }

        public void define(ProjectionSpec spec) {
            spec.on(ValueRecorded.class, (e, ctx) -> {
                UUID stored = ctx.dsl().insertInto(VALUE).set(ID, e.id()).set(LABEL, e.label()).returning(ID).fetchOne(ID);
                int rows = ctx.dsl().fetchCount(VALUE);
                String label = ctx.dsl().select(LABEL).from(VALUE).where(ID.eq(stored)).fetchOne(LABEL);
                ctx.dsl().update(VALUE).set(COUNTER, (long) rows).set(DOC, JSONB.valueOf("{\"read\": \"" + label + "\"}"))
                        .where(ID.eq(stored)).execute();
            });
        }
    }

    private static ValueRecorded value(int i) {
        return new ValueRecorded(new UUID(0, i), "label-" + i, null, null, false, null, null, null, null);
    }

    @Test
    void handlersReadTheirOwnWritesDuringARebuildAndLive(TestDatabase db) throws Exception {
        try (Refold refold = db.configure().projections(new ReadingProjection()).batchSize(100).load()) {
            refold.events().append("v", ExpectedVersion.noStream(), value(1), value(2), value(3));
            refold.migrate();
            refold.events().append("v", ExpectedVersion.exactly(3), value(4));
            assertThat(refold.migrate().eventsCaughtUp()).isEqualTo(1);
        }
        try (Connection c = db.connect(); Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("select string_agg(counter || ':' || (doc->>'read'), ',' order by id) from typed.value")) {
            rs.next();
            assertThat(rs.getString(1)).isEqualTo("1:label-1,2:label-2,3:label-3,4:label-4");
        }
    }

    /** Two events go as EXECUTE batches; with fillers, the chunk is large enough to go through the batch function. */
    @ParameterizedTest(name = "{0} filler events")
    @ValueSource(ints = {0, 60})
    void quotesBackslashesUnicodeNullsAndTemporalValuesSurviveDeferral(int fillers, TestDatabase db) throws Exception {
        UUID a = UUID.fromString("00000000-0000-0000-0000-00000000000a");
        UUID b = UUID.fromString("00000000-0000-0000-0000-00000000000b");
        try (Refold refold = db.configure().projections(new TypedProjection()).load()) {
            refold.events().append("v", ExpectedVersion.noStream(),
                    new ValueRecorded(a, "it's a \\path\\ with \"quotes\", ünïcødé; drop table x; --", new BigDecimal("12345.67"),
                            9_007_199_254_740_993L, true, OffsetDateTime.of(2026, 11, 26, 7, 30, 1, 123_456_000, ZoneOffset.ofHours(2)),
                            LocalDate.of(2024, 2, 29), "{\"k\": [1, \"two\", null]}", new String[]{"a,b", "c\"d", "e'f"}),
                    new ValueRecorded(b, null, null, null, false, null, null, null, null));
            for (int i = 0; i < fillers; i++) {
                refold.events().append("filler-" + i, ExpectedVersion.noStream(), value(100 + i));
            }
            refold.migrate();
        }
        try (Connection c = db.connect(); Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("select label, amount, counter, flag, at = '2026-11-26 05:30:01.123456+00', day,"
                     + " doc->'k'->>1, tags[2], tags[3], array_length(tags, 1) from typed.value order by id")) {
            rs.next();
            assertThat(rs.getString(1)).isEqualTo("it's a \\path\\ with \"quotes\", ünïcødé; drop table x; --");
            assertThat(rs.getBigDecimal(2)).isEqualByComparingTo("12345.67");
            assertThat(rs.getLong(3)).isEqualTo(9_007_199_254_740_993L);
            assertThat(rs.getBoolean(4)).isTrue();
            assertThat(rs.getBoolean(5)).isTrue();
            assertThat(rs.getString(6)).isEqualTo("2024-02-29");
            assertThat(rs.getString(7)).isEqualTo("two");
            assertThat(rs.getString(8)).isEqualTo("c\"d");
            assertThat(rs.getString(9)).isEqualTo("e'f");
            assertThat(rs.getInt(10)).isEqualTo(3);
            rs.next();
            assertThat(rs.getString(1)).isNull();
            assertThat(rs.getObject(2)).isNull();
            assertThat(rs.getBoolean(4)).isFalse();
            assertThat(rs.getObject(8)).isNull();
        }
    }
}

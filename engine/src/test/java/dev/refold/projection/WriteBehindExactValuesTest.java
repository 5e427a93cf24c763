package dev.refold.projection;

import dev.refold.ProjectionBuildException;
import dev.refold.Refold;
import dev.refold.event.EventType;
import dev.refold.event.ExpectedVersion;
import dev.refold.result.BuildResult;
import dev.refold.test.RefoldTest;
import dev.refold.test.TestDatabase;
import org.jooq.DSLContext;
import org.jooq.Field;
import org.jooq.Record;
import org.jooq.Table;
import org.jooq.impl.SQLDataType;
import org.junit.jupiter.api.Test;

import java.math.BigDecimal;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TimeZone;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.BiConsumer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.jooq.impl.DSL.field;
import static org.jooq.impl.DSL.name;
import static org.jooq.impl.DSL.table;

/**
 * Write-behind holds what PostgreSQL would store, or leaves the statement to PostgreSQL: for values jOOQ binds through
 * java.sql.Date and Timestamp (the Julian calendar before October 1582, the JVM zone's daylight-saving gap), for
 * defaults (evaluated as the column's type, and never a reason to fail the rebuild), for RETURNING read into another
 * Java type, and for sub-microsecond times (as pgjdbc rounds them on every path). Each case builds the read model
 * with every statement sent, then rebuilds it with write-behind, and checks both against what PostgreSQL stores.
 */
@RefoldTest
class WriteBehindExactValuesTest {
    static final Table<Record> TIMES = table(name("wbexact", "times"));
    static final Table<Record> STAMPS = table(name("wbexact", "stamps"));
    static final Table<Record> DEFAULTS = table(name("wbexact", "defaults"));
    static final Table<Record> BAD_DEFAULT = table(name("wbexact", "bad_default"));
    static final Table<Record> AMOUNTS = table(name("wbexact", "amounts"));
    static final Table<Record> SEEN = table(name("wbexact", "seen"));
    static final Field<Integer> K = field(name("k"), SQLDataType.INTEGER);
    static final Field<LocalDate> D = field(name("d"), SQLDataType.LOCALDATE);
    static final Field<LocalDateTime> TS = field(name("ts"), SQLDataType.LOCALDATETIME);
    static final Field<OffsetDateTime> TZ = field(name("tz"), SQLDataType.TIMESTAMPWITHTIMEZONE);
    static final Field<BigDecimal> N = field(name("n"), SQLDataType.NUMERIC);
    static final Field<Long> B = field(name("b"), SQLDataType.BIGINT);
    static final Field<Long> POSITION = field(name("position"), SQLDataType.BIGINT);
    static final Field<String> VALUE = field(name("value"), SQLDataType.CLOB);

    /** The statement a test has an event run, by the event's name. */
    static final Map<String, BiConsumer<DSLContext, Long>> WRITES = new ConcurrentHashMap<>();

    @EventType(name = "Exact")
    public record Exact(String write) {
    }

    public static class Exacting implements Projection {
        public String name() {
            return "wbexact";
        }

        public int version() {
            return 1;
        }

        public void define(ProjectionSpec spec) {
            spec.on(Exact.class, (e, ctx) -> WRITES.get(e.write()).accept(ctx.dsl(), ctx.position()));
        }
    }

    private static List<Object> events(String test, List<BiConsumer<DSLContext, Long>> writes) {
        List<Object> events = new ArrayList<>();
        for (int i = 0; i < writes.size(); i++) {
            WRITES.put(test + i, writes.get(i));
            events.add(new Exact(test + i));
        }
        return events;
    }

    private static String contents(TestDatabase db, String table) throws SQLException {
        try (Connection c = db.connect(); Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("select coalesce(string_agg(t::text, ' ' order by t::text), '') from wbexact." + table + " t")) {
            rs.next();
            return rs.getString(1);
        }
    }

    /** The table built with every statement sent, then rebuilt with write-behind; both must be {@code expected}. */
    private static void bothWays(TestDatabase db, List<Object> events, String table, String expected, boolean held) throws SQLException {
        try (Refold refold = db.configure().projections(new Exacting()).writeBehind(false).load()) {
            refold.events().append("exact", ExpectedVersion.noStream(), events);
            refold.migrate();
            assertThat(contents(db, table)).as("statements sent").isEqualTo(expected);
        }
        BuildResult rebuilt;
        try (Refold refold = db.configure().projections(new Exacting()).load()) {
            rebuilt = refold.rebuild("wbexact");
        }
        assertThat(contents(db, table)).as("with write-behind").isEqualTo(expected);
        if (held) {
            assertThat(rebuilt.writesHeld()).as("write-behind still holds the writes it can follow").isPositive();
        }
    }

    @Test
    void datesOfTheGregorianReformAreStoredAsJooqBindsThem(TestDatabase db) throws SQLException {
        List<Object> events = events("reform", List.of(
                (dsl, p) -> dsl.insertInto(TIMES).columns(K, D, TS).values(1, LocalDate.of(1582, 10, 10), LocalDateTime.of(1582, 10, 10, 12, 0)).execute(),
                (dsl, p) -> dsl.insertInto(TIMES).columns(K, D, TS).values(2, LocalDate.of(1582, 10, 4), LocalDateTime.of(1500, 3, 1, 0, 0)).execute(),
                (dsl, p) -> dsl.insertInto(TIMES).columns(K, D).values(3, LocalDate.of(2026, 1, 1)).execute()));
        // java.sql.Date turns the ten days the reform skipped into the days after it
        bothWays(db, events, "times", "(1,1582-10-20,\"1582-10-20 12:00:00\",) (2,1582-10-04,\"1500-03-01 00:00:00\",) (3,2026-01-01,,)", false);
    }

    @FunctionalInterface
    interface InZone {
        void run() throws SQLException;
    }

    /** Runs with the JVM in Europe/Berlin, as jOOQ's binding and pgjdbc's session then are, whatever the suite's zone. */
    private static void inBerlin(InZone test) throws SQLException {
        TimeZone before = TimeZone.getDefault();
        TimeZone.setDefault(TimeZone.getTimeZone("Europe/Berlin"));
        try {
            test.run();
        } finally {
            TimeZone.setDefault(before);
        }
    }

    @Test
    void aLocalTimeInTheJvmZonesDaylightSavingGapIsStoredAsJooqBindsIt(TestDatabase db) throws SQLException {
        inBerlin(() -> {
            // the overlap's 02:30 comes through unchanged and stays held; the gap's becomes 03:30
            List<Object> events = events("gap", List.of(
                    (dsl, p) -> dsl.insertInto(TIMES).columns(K, TS).values(2, LocalDateTime.of(2026, 10, 25, 2, 30)).execute(),
                    (dsl, p) -> dsl.insertInto(TIMES).columns(K, TS).values(1, LocalDateTime.of(2026, 3, 29, 2, 30)).execute()));
            bothWays(db, events, "times", "(1,,\"2026-03-29 03:30:00\",) (2,,\"2026-10-25 02:30:00\",)", true);
        });
    }

    @Test
    void twoLocalTimesJooqBindsAsOneAreADuplicateKey(TestDatabase db) throws SQLException {
        inBerlin(() -> {
            List<Object> events = events("duplicate", List.of(
                    (dsl, p) -> dsl.insertInto(STAMPS).columns(TS).values(LocalDateTime.of(2026, 3, 29, 3, 30)).execute(),
                    (dsl, p) -> dsl.insertInto(STAMPS).columns(TS).values(LocalDateTime.of(2026, 3, 29, 2, 30)).execute()));
            try (Refold refold = db.configure().projections(new Exacting()).load()) {
                refold.events().append("exact", ExpectedVersion.noStream(), events);
                assertThatThrownBy(refold::migrate).isInstanceOfSatisfying(ProjectionBuildException.class,
                                e -> assertThat(e.position()).hasValue(2L))
                        .hasMessageContaining("duplicate key value violates unique constraint \"stamps_pkey\"");
            }
        });
    }

    @Test
    void aDefaultIsTheValueOfTheColumnsType(TestDatabase db) throws SQLException {
        List<Object> events = events("defaults", List.of(
                (dsl, p) -> dsl.insertInto(DEFAULTS).columns(K).values(1).execute(),
                (dsl, p) -> dsl.insertInto(DEFAULTS).columns(K).values(2).execute()));
        // 0.1::real widened to double precision; 1.5 rounded to an integer; 1.005 to numeric(6, 2)
        bothWays(db, events, "defaults", "(1,0.10000000149011612,2,7,1.01,ab) (2,0.10000000149011612,2,7,1.01,ab)", true);
    }

    @Test
    void aDefaultWriteBehindCannotReadLeavesItsTableToPostgres(TestDatabase db) throws SQLException {
        List<Object> events = events("nan", List.of(
                (dsl, p) -> dsl.insertInto(BAD_DEFAULT).columns(K, field(name("i"), SQLDataType.INTEGER)).values(1, 1).execute(),
                (dsl, p) -> dsl.insertInto(DEFAULTS).columns(K).values(1).execute()));
        bothWays(db, events, "bad_default", "(1,NaN,Infinity,1)", true);
    }

    @Test
    void aDefaultPostgresRefusesFailsAtItsEventWithPostgresMessage(TestDatabase db) {
        List<Object> events = events("refused", List.of(
                (dsl, p) -> dsl.insertInto(DEFAULTS).columns(K).values(1).execute(),
                (dsl, p) -> dsl.insertInto(BAD_DEFAULT).columns(K).values(1).execute()));
        try (Refold refold = db.configure().projections(new Exacting()).load()) {
            refold.events().append("exact", ExpectedVersion.noStream(), events);
            assertThatThrownBy(refold::migrate).isInstanceOfSatisfying(ProjectionBuildException.class,
                    e -> assertThat(e.position()).hasValue(2L)).hasMessageContaining("integer out of range");
        }
    }

    @Test
    void aReturningReadIntoAnotherJavaTypeIsAnsweredAsPostgresWouldAnswerIt(TestDatabase db) throws SQLException {
        Field<String> numericAsText = field(name("n"), SQLDataType.VARCHAR);
        Field<String> zonedAsText = field(name("tz"), SQLDataType.VARCHAR);
        Field<Integer> bigintAsInteger = field(name("b"), SQLDataType.INTEGER);
        OffsetDateTime noon = OffsetDateTime.of(2026, 6, 1, 12, 0, 0, 0, ZoneOffset.UTC);
        List<Object> events = events("returning", List.of(
                (dsl, p) -> seen(dsl, p, dsl.insertInto(AMOUNTS).columns(K, N, TZ, B).values(1, new BigDecimal("1E-7"), noon, 5L)
                        .returningResult(numericAsText, zonedAsText, bigintAsInteger).fetchOne().intoList().toString()),
                (dsl, p) -> seen(dsl, p, dsl.insertInto(AMOUNTS).columns(K, N, TZ).values(2, new BigDecimal("1.50"), noon)
                        .returningResult(K, N, TZ).fetchOne().intoList().toString())));
        String zone = OffsetDateTime.ofInstant(noon.toInstant(), TimeZone.getDefault().toZoneId()).getOffset().getId();
        String printed = "UTC".equals(TimeZone.getDefault().getID()) ? "2026-06-01 12:00:00+00" : null;
        try (Refold refold = db.configure().projections(new Exacting()).writeBehind(false).load()) {
            refold.events().append("exact", ExpectedVersion.noStream(), events);
            refold.migrate();
        }
        String sent = contents(db, "seen");
        assertThat(sent).startsWith("(1,\"[0.0000001, 2026-06-01 ").contains(", 5]\")").contains("(2,\"[2, 1.50, 2026-06-01T");
        if (printed != null) {
            assertThat(sent).contains(printed).contains(zone.equals("Z") ? "12:00Z" : zone);
        }
        try (Refold refold = db.configure().projections(new Exacting()).load()) {
            refold.rebuild("wbexact");
        }
        assertThat(contents(db, "seen")).isEqualTo(sent);
    }

    private static void seen(DSLContext dsl, long position, String value) {
        dsl.insertInto(SEEN).columns(POSITION, VALUE).values(position, value).execute();
    }

    @Test
    void subMicrosecondTimesAreRoundedAsPgjdbcRoundsThemOnEveryPath(TestDatabase db) throws SQLException {
        List<Object> events = events("micro", List.of(
                (dsl, p) -> dsl.insertInto(TIMES).columns(K, TS).values(5, LocalDateTime.of(2026, 1, 1, 0, 0, 0, 1_000)).execute(),
                (dsl, p) -> dsl.insertInto(TIMES).columns(K, TS).values(1, LocalDateTime.of(2026, 1, 1, 0, 0, 0, 2_500)).execute(),
                (dsl, p) -> dsl.insertInto(TIMES).columns(K, TS).values(2, LocalDateTime.of(2026, 1, 1, 0, 0, 0, 500)).execute(),
                (dsl, p) -> dsl.insertInto(TIMES).columns(K, TS).values(3, LocalDateTime.of(2026, 1, 1, 0, 0, 0, 123_456_500)).execute(),
                (dsl, p) -> dsl.insertInto(TIMES).columns(K, TS).values(4, LocalDateTime.of(2026, 12, 31, 23, 59, 59, 999_999_500)).execute()));
        // what jOOQ on plain JDBC stores: pgjdbc rounds half up to microseconds before it sends the value
        bothWays(db, events, "times", "(1,,\"2026-01-01 00:00:00.000003\",) (2,,\"2026-01-01 00:00:00.000001\",)"
                + " (3,,\"2026-01-01 00:00:00.123457\",) (4,,\"2027-01-01 00:00:00\",) (5,,\"2026-01-01 00:00:00.000001\",)", true);
    }
}

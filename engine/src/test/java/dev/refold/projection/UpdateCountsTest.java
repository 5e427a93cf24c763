package dev.refold.projection;

import dev.refold.Refold;
import dev.refold.RefoldConfiguration;
import dev.refold.event.EventType;
import dev.refold.event.ExpectedVersion;
import dev.refold.result.VerifyResult;
import dev.refold.test.RefoldTest;
import dev.refold.test.TestDatabase;
import org.jooq.Field;
import org.jooq.Record;
import org.jooq.Table;
import org.jooq.impl.SQLDataType;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.function.UnaryOperator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.jooq.impl.DSL.field;
import static org.jooq.impl.DSL.name;
import static org.jooq.impl.DSL.table;

/**
 * The update-then-insert idiom reads {@code execute()}'s count: every write path must return PostgreSQL's own,
 * or the inserts for new keys never run. 300 events over 7 keys rebuilt, then 30 live events over 3 new keys and
 * 30 over old ones: 10 rows summing 360, whichever path wrote them.
 */
@RefoldTest
class UpdateCountsTest {
    static final Table<Record> TALLY = table(name("tally", "tally"));
    static final Field<String> ID = field(name("id"), SQLDataType.VARCHAR);
    static final Field<Integer> N = field(name("n"), SQLDataType.INTEGER);

    @EventType(name = "TallyBumped")
    public record Bumped(String key) {
    }

    /** The idiom, in the projection's own class: the proof sees the count read, so counts are exact. */
    public static class Tally implements Projection {
        public String name() {
            return "tally";
        }

        public int version() {
            return 1;
        }

        public void define(ProjectionSpec spec) {
            spec.on(Bumped.class, (e, ctx) -> {
                int updated = ctx.dsl().update(TALLY).set(N, N.plus(1)).where(ID.eq(e.key())).execute();
                if (updated == 0) {
                    ctx.dsl().insertInto(TALLY).columns(ID, N).values(e.key(), 1).execute();
                }
            });
        }
    }

    /** The idiom in a helper class the handler calls: the proof cannot follow it, so counts are exact. */
    public static class TallyThroughHelper implements Projection {
        public String name() {
            return "tally";
        }

        public int version() {
            return 1;
        }

        public void define(ProjectionSpec spec) {
            spec.on(Bumped.class, (e, ctx) -> TallyHelper.bump(ctx.dsl(), e.key()));
        }
    }

    /** The idiom with a false promise that counts are never read. */
    public static class FalselyPromising implements Projection {
        public String name() {
            return "tally";
        }

        public int version() {
            return 1;
        }

        public void define(ProjectionSpec spec) {
            spec.ignoresUpdateCounts();
            spec.on(Bumped.class, (e, ctx) -> TallyHelper.bump(ctx.dsl(), e.key()));
        }
    }

    @ParameterizedTest(name = "write-behind {0}")
    @ValueSource(booleans = {true, false})
    void theIdiomKeepsEveryKeyRebuiltAndLive(boolean writeBehind, TestDatabase db) throws Exception {
        rebuiltThenLive(db, new Tally(), c -> c.writeBehind(writeBehind));
    }

    @ParameterizedTest(name = "write-behind {0}")
    @ValueSource(booleans = {true, false})
    void countsStayExactWhenTheHandlerReadsThemInAHelperClass(boolean writeBehind, TestDatabase db) throws Exception {
        rebuiltThenLive(db, new TallyThroughHelper(), c -> c.writeBehind(writeBehind));
    }

    @Test
    void verifyPassesOnTheIdiom(TestDatabase db) {
        appendOldEvents(db);
        try (Refold refold = db.configure().projections(new Tally()).writeBehind(false).load()) {
            VerifyResult result = refold.verify();
            assertThat(result.passed()).as(result.toString()).isTrue();
            assertThat(result.projections().get(0).eventsReplayed()).isEqualTo(300);
            assertThat(result.projections().get(0).eventsRead()).isEqualTo(300);
        }
    }

    @ParameterizedTest(name = "write-behind {0}")
    @ValueSource(booleans = {true, false})
    void verifyCatchesAFalsePromise(boolean writeBehind, TestDatabase db) {
        appendOldEvents(db);
        try (Refold refold = db.configure().projections(new FalselyPromising()).writeBehind(writeBehind).load()) {
            VerifyResult result = refold.verify();
            assertThat(result.passed()).as(result.toString()).isFalse();
        }
    }

    private static void rebuiltThenLive(TestDatabase db, Projection projection, UnaryOperator<RefoldConfiguration> settings)
            throws Exception {
        appendOldEvents(db);
        try (Refold refold = settings.apply(db.configure().projections(projection)).load()) {
            refold.migrate();
        }
        assertThat(rows(db)).hasSize(7);
        assertThat(sum(db)).isEqualTo(300);
        List<Object> live = new ArrayList<>();
        for (int i = 0; i < 60; i++) {
            live.add(new Bumped(i % 2 == 0 ? "new-" + (i / 2) % 3 : "old-" + (i / 2) % 7));
        }
        try (Refold refold = settings.apply(db.configure().projections(projection)).load()) {
            refold.events().append("live", ExpectedVersion.any(), live);
            refold.migrate(); // catches the built projection up, as live catch-up does
        }
        assertThat(rows(db)).hasSize(10);
        assertThat(sum(db)).isEqualTo(360);
    }

    static void appendOldEvents(TestDatabase db) {
        List<Object> events = new ArrayList<>();
        for (int i = 0; i < 300; i++) {
            events.add(new Bumped("old-" + i % 7));
        }
        try (Refold refold = db.configure().projections(new Tally()).load()) {
            refold.events().append("old", ExpectedVersion.any(), events);
        }
    }

    private static List<String> rows(TestDatabase db) throws Exception {
        List<String> keys = new ArrayList<>();
        try (Connection c = db.connect(); Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("select id from tally.tally order by id")) {
            while (rs.next()) {
                keys.add(rs.getString(1));
            }
        }
        return keys;
    }

    private static long sum(TestDatabase db) throws Exception {
        try (Connection c = db.connect(); Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("select coalesce(sum(n), 0) from tally.tally")) {
            rs.next();
            return rs.getLong(1);
        }
    }
}

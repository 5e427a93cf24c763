package dev.refold.internal.statements;

import dev.refold.ProjectionBuildException;
import dev.refold.Refold;
import dev.refold.event.EventType;
import dev.refold.event.ExpectedVersion;
import dev.refold.projection.Projection;
import dev.refold.projection.ProjectionSpec;
import dev.refold.test.RefoldTest;
import dev.refold.test.TestDatabase;
import org.jooq.Field;
import org.jooq.Record;
import org.jooq.Table;
import org.jooq.impl.SQLDataType;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.jooq.impl.DSL.field;
import static org.jooq.impl.DSL.name;
import static org.jooq.impl.DSL.table;

/**
 * A rebuild sends handler writes in chunks, most of them through one function call per chunk, and commits each
 * batch while the handlers run the next. The table must come out as if every statement had run on its own, in
 * log order, and a write that fails must still be reported with its event, with nothing after it stored.
 */
@RefoldTest
class DeferredStatementsRebuildTest {
    static final int COLUMNS = 70;
    static final Table<Record> COUNTER = table(name("shapes", "counter"));
    static final Table<Record> AUDIT = table(name("shapes", "audit"));
    static final Field<Integer> ID = field(name("id"), SQLDataType.INTEGER);
    static final Field<Long> N = field(name("n"), SQLDataType.BIGINT);
    static final Field<Long> POSITION = field(name("position"), SQLDataType.BIGINT);

    @EventType(name = "CounterCreated")
    public record CounterCreated(int id, int[] initial) {
    }

    @EventType(name = "CounterBumped")
    public record CounterBumped(int id, int column, int by) {
    }

    @EventType(name = "CounterLabelled")
    public record CounterLabelled(int id, String label) {
    }

    /** Audits position 1: harmless once, a duplicate key the second time. */
    @EventType(name = "CounterPoisoned")
    public record CounterPoisoned(int id) {
    }

    static Field<Integer> column(int i) {
        return field(name("c" + i), SQLDataType.INTEGER);
    }

    public static class Counters implements Projection {
        public String name() {
            return "shapes";
        }

        public int version() {
            return 1;
        }

        public void define(ProjectionSpec spec) {
            // 52 parameters: more than the batch function takes, so these go as single statements in between.
            spec.on(CounterCreated.class, (e, ctx) -> {
                var insert = ctx.dsl().insertInto(COUNTER).set(ID, e.id()).set(N, 0L);
                for (int i = 0; i < e.initial().length; i++) {
                    insert = insert.set(column(i), e.initial()[i]);
                }
                insert.execute();
            });
            // One statement shape per column: 70 shapes, more than the function holds.
            spec.on(CounterBumped.class, (e, ctx) -> {
                ctx.dsl().update(COUNTER)
                        .set(column(e.column()), org.jooq.impl.DSL.coalesce(column(e.column()), 0).plus(e.by()))
                        .set(N, N.plus(1))
                        .where(ID.eq(e.id()))
                        .execute();
                // Plain SQL with a ? in comments: not parameters, and the comment must not swallow what follows.
                ctx.dsl().execute("insert into audit (position, id) /* which? */ values (?, ?) -- audited? yes",
                        ctx.position(), e.id());
            });
            // Plain SQL whose text holds the function's own quote: it must not go into the function's body.
            spec.on(CounterLabelled.class, (e, ctx) -> ctx.dsl()
                    .execute("update counter set label = ? || ' $refold_apply$' where id = ?", e.label(), e.id()));
        }
    }

    public static class Poisonable extends Counters {
        @Override
        public void define(ProjectionSpec spec) {
            super.define(spec);
            spec.on(CounterPoisoned.class, (e, ctx) -> ctx.dsl().insertInto(AUDIT).set(POSITION, 1L).set(ID, e.id()).execute());
        }
    }

    /** The same projection with a bug: every label also audits position 1, so the second label collides. */
    public static class DoubleAudit extends Counters {
        @Override
        public void define(ProjectionSpec spec) {
            super.define(spec);
            spec.on(CounterLabelled.class, (e, ctx) -> ctx.dsl().insertInto(AUDIT).set(POSITION, 1L).set(ID, e.id()).execute());
        }
    }

    /** What the table must hold: each counter's columns, its bump count and its label, applied in log order. */
    private static final class Expected {
        final Map<Integer, long[]> counters = new LinkedHashMap<>();
        final Map<Integer, String> labels = new LinkedHashMap<>();

        void apply(Object event) {
            if (event instanceof CounterCreated e) {
                long[] row = new long[COLUMNS + 1];
                java.util.Arrays.fill(row, Long.MIN_VALUE);
                for (int i = 0; i < e.initial().length; i++) {
                    row[i] = e.initial()[i];
                }
                row[COLUMNS] = 0;
                counters.put(e.id(), row);
            } else if (event instanceof CounterBumped e) {
                long[] row = counters.get(e.id());
                row[e.column()] = (row[e.column()] == Long.MIN_VALUE ? 0 : row[e.column()]) + e.by();
                row[COLUMNS]++;
            } else if (event instanceof CounterLabelled e) {
                labels.put(e.id(), e.label() + " $refold_apply$");
            }
        }

        String rendered() {
            return counters.entrySet().stream().map(entry -> entry.getKey() + ":" + IntStream.rangeClosed(0, COLUMNS)
                            .mapToObj(i -> entry.getValue()[i] == Long.MIN_VALUE ? "-" : Long.toString(entry.getValue()[i]))
                            .collect(Collectors.joining(",")) + ":" + labels.getOrDefault(entry.getKey(), "-"))
                    .collect(Collectors.joining("\n"));
        }
    }

    private static List<Object> events(long seed, int count) {
        Random random = new Random(seed);
        List<Object> events = new ArrayList<>();
        List<Integer> created = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            int choice = random.nextInt(10);
            if (created.isEmpty() || choice == 0) {
                int id = created.size() + 1;
                created.add(id);
                events.add(new CounterCreated(id, random.ints(50, -1000, 1000).toArray()));
            } else if (choice == 1) {
                events.add(new CounterLabelled(created.get(random.nextInt(created.size())), "it's #" + i));
            } else {
                events.add(new CounterBumped(created.get(random.nextInt(created.size())), random.nextInt(COLUMNS), random.nextInt(100)));
            }
        }
        return events;
    }

    private static String counters(TestDatabase db) throws SQLException {
        String columns = IntStream.range(0, COLUMNS).mapToObj(i -> "coalesce(c" + i + "::text, '-')").collect(Collectors.joining(" || ',' || "));
        try (Connection c = db.connect(); Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("select string_agg(id || ':' || " + columns + " || ',' || n || ':' || coalesce(label, '-'),"
                     + " E'\\n' order by id) from shapes.counter")) {
            rs.next();
            return rs.getString(1);
        }
    }

    @Test
    void manyShapesWideStatementsAndPlainSqlComeOutAsIfRunOneByOne(TestDatabase db) throws SQLException {
        List<Object> events = events(42, 3_000);
        Expected expected = new Expected();
        events.forEach(expected::apply);
        try (Refold refold = db.configure().projections(new Counters()).batchSize(250).load()) {
            for (int i = 0; i < events.size(); i += 100) {
                refold.events().append("counters", i == 0 ? ExpectedVersion.noStream() : ExpectedVersion.exactly(i),
                        events.subList(i, Math.min(events.size(), i + 100)));
            }
            assertThat(refold.migrate().built()).hasSize(1);
            try (Connection c = db.connect(); Statement s = c.createStatement();
                 ResultSet rs = s.executeQuery("select count(*) from pg_proc where proname = 'refold_apply'")) {
                rs.next();
                assertThat(rs.getLong(1)).as("the pooled writer's temporary function was dropped").isZero();
            }
        }
        assertThat(counters(db)).isEqualTo(expected.rendered());
        long bumps = events.stream().filter(CounterBumped.class::isInstance).count();
        try (Connection c = db.connect(); Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("select count(*) from shapes.audit")) {
            rs.next();
            assertThat(rs.getLong(1)).isEqualTo(bumps);
        }
    }

    @Test
    void storageTunedForTheRebuildIsBackToTheDdlsOnceServing(TestDatabase db) throws SQLException {
        try (Refold refold = db.configure().projections(new Counters()).load()) {
            refold.events().append("counters", ExpectedVersion.noStream(), events(7, 200));
            refold.migrate();
        }
        try (Connection c = db.connect(); Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("select c.relname, c.relpersistence, coalesce(array_to_string(c.reloptions, ' '), '-'),"
                     + " coalesce(obj_description(n.oid, 'pg_namespace'), '-') from pg_class c join pg_namespace n on n.oid = c.relnamespace"
                     + " where n.nspname = 'shapes' and c.relkind = 'r' order by c.relname")) {
            rs.next();
            assertThat(rs.getString(1) + " " + rs.getString(2) + " " + rs.getString(3) + " " + rs.getString(4))
                    .isEqualTo("audit p fillfactor=70 -");
            rs.next();
            assertThat(rs.getString(1) + " " + rs.getString(2) + " " + rs.getString(3) + " " + rs.getString(4))
                    .isEqualTo("counter p - -");
        }
    }

    @Test
    void aWriteThatFailsOnlyWhenSentIsReportedWithItsEventAndNothingIsServed(TestDatabase db) throws SQLException {
        List<Object> events = new ArrayList<>(events(3, 500).stream().filter(e -> !(e instanceof CounterLabelled)).toList());
        events.add(220, new CounterLabelled(1, "first"));
        events.add(377, new CounterLabelled(1, "second")); // audits position 1 again: a duplicate key, in the 8th batch of 50
        long failing = 378; // positions count from 1 in a fresh database
        try (Refold refold = db.configure().projections(new DoubleAudit()).batchSize(50).load()) {
            refold.events().append("counters", ExpectedVersion.noStream(), events);
            assertThatThrownBy(refold::migrate)
                    .isInstanceOfSatisfying(ProjectionBuildException.class, e -> {
                        assertThat(e.projection()).isEqualTo("shapes");
                        assertThat(e.position()).hasValue(failing);
                        assertThat(e.eventType()).isEqualTo("CounterLabelled");
                    })
                    .hasMessageContaining("failed at event position " + failing + " (CounterLabelled v1, stream counters)")
                    .hasMessageContaining("duplicate key");
            assertThat(refold.info().projection("shapes").orElseThrow().state()).isEqualTo(dev.refold.result.ProjectionState.FAILED);
        }
        try (Connection c = db.connect(); Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("select count(*) from pg_namespace where nspname = 'shapes'")) {
            rs.next();
            assertThat(rs.getLong(1)).as("no half-built read model is served").isZero();
        }
    }

    /**
     * Wherever the failing write falls (first batch, a batch boundary, the last partial batch) and whatever the
     * batch size, the error names exactly its event: the pipelined commits and the recovery keep log order.
     */
    @ParameterizedTest(name = "seed {0}")
    @ValueSource(longs = {1, 2, 3, 4, 5, 6, 7, 8})
    void theFailingWriteIsNamedWhereverItFalls(long seed, TestDatabase db) throws SQLException {
        Random random = new Random(seed);
        List<Object> events = new ArrayList<>(events(seed, 300 + random.nextInt(400)));
        int batchSize = 1 + random.nextInt(120);
        int first = 1 + random.nextInt(events.size() - 2); // after the first CounterCreated
        int second = first + 1 + random.nextInt(events.size() - first - 1);
        if (seed == 8) {
            second = events.size() - 1; // the very last event
        }
        events.set(first, new CounterPoisoned(1));
        events.set(second, new CounterPoisoned(1));
        long failing = second + 1L; // positions count from 1 in a fresh database
        try (Refold refold = db.configure().projections(new Poisonable()).batchSize(batchSize).load()) {
            refold.events().append("counters", ExpectedVersion.noStream(), events);
            assertThatThrownBy(refold::migrate)
                    .as("batch size %d, poisons at %d and %d of %d", batchSize, first + 1, failing, events.size())
                    .isInstanceOfSatisfying(ProjectionBuildException.class, e -> {
                        assertThat(e.position()).hasValue(failing);
                        assertThat(e.eventType()).isEqualTo("CounterPoisoned");
                    })
                    .hasMessageContaining("duplicate key");
        }
    }

    /** SQL that PostgreSQL cannot even prepare: reported with its event, like any other failing write. */
    public static class MisspelledColumn extends Counters {
        @Override
        public void define(ProjectionSpec spec) {
            super.define(spec);
            spec.on(CounterPoisoned.class, (e, ctx) -> ctx.dsl().execute("update counter set nope = ? where id = ?", 1, e.id()));
        }
    }

    @Test
    void sqlThatCannotBePreparedIsReportedWithItsEvent(TestDatabase db) throws SQLException {
        List<Object> events = new ArrayList<>(events(9, 100));
        events.set(60, new CounterPoisoned(1));
        try (Refold refold = db.configure().projections(new MisspelledColumn()).batchSize(25).load()) {
            refold.events().append("counters", ExpectedVersion.noStream(), events);
            assertThatThrownBy(refold::migrate)
                    .isInstanceOf(ProjectionBuildException.class)
                    .hasMessageContaining("failed at event position 61 (CounterPoisoned v1, stream counters)")
                    .hasMessageContaining("column \"nope\" of relation \"counter\" does not exist");
        }
    }
}

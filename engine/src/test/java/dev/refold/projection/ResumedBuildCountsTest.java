package dev.refold.projection;

import dev.refold.Refold;
import dev.refold.event.EventType;
import dev.refold.event.ExpectedVersion;
import dev.refold.result.BuildResult;
import dev.refold.test.RefoldTest;
import dev.refold.test.TestDatabase;
import org.jooq.Field;
import org.jooq.Record;
import org.jooq.Table;
import org.jooq.impl.SQLDataType;
import org.junit.jupiter.api.Test;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.jooq.impl.DSL.field;
import static org.jooq.impl.DSL.name;
import static org.jooq.impl.DSL.table;

/** A build that resumes an interrupted one reports the events it read, and separately the events in the read model. */
@RefoldTest
class ResumedBuildCountsTest {
    static final Table<Record> SEEN = table(name("resumed", "seen"));
    static final Field<Long> POSITION = field(name("position"), SQLDataType.BIGINT);
    static final int EVENTS = 10_000;
    static final AtomicBoolean crash = new AtomicBoolean();

    @EventType(name = "Ticked")
    public record Ticked(int n) {
    }

    /** Stands for a process that dies mid-build: an Error is not a handler failure, so the shadow stays to resume. */
    static final class SimulatedCrash extends Error {
        SimulatedCrash() {
            super("simulated crash");
        }
    }

    public static class Resumed implements Projection {
        public String name() {
            return "resumed";
        }

        public int version() {
            return 1;
        }

        public void define(ProjectionSpec spec) {
            spec.on(Ticked.class, (e, ctx) -> {
                if (e.n() == 1_000 && crash.getAndSet(false)) {
                    throw new SimulatedCrash();
                }
                ctx.dsl().insertInto(SEEN).columns(POSITION).values(ctx.position()).execute();
            });
        }
    }

    @Test
    void aResumedBuildCountsWhatItRead(TestDatabase db) throws Exception {
        List<Object> events = new ArrayList<>();
        for (int i = 0; i < EVENTS; i++) {
            events.add(new Ticked(i));
        }
        crash.set(true);
        try (Refold refold = db.configure().projections(new Resumed()).writeBehind(false).batchSize(100).load()) {
            refold.events().append("ticks", ExpectedVersion.any(), events);
            assertThatThrownBy(refold::migrate).isInstanceOf(SimulatedCrash.class);
        }
        long committed = shadowEventsApplied(db);
        assertThat(committed).isBetween(1L, 1_000L);
        try (Refold refold = db.configure().projections(new Resumed()).writeBehind(false).batchSize(100).load()) {
            BuildResult resumed = refold.migrate().built().get(0);
            assertThat(resumed.eventsReplayed()).isEqualTo(EVENTS - committed);
            assertThat(resumed.eventsApplied()).isEqualTo(EVENTS);
        }
        try (Connection c = db.connect(); Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("select count(*) from resumed.seen")) {
            rs.next();
            assertThat(rs.getLong(1)).isEqualTo(EVENTS);
        }
    }

    private static long shadowEventsApplied(TestDatabase db) throws Exception {
        try (Connection c = db.connect(); Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("select events_applied from refold.projection_checkpoints"
                     + " where projection = 'resumed' and target <> 'live'")) {
            assertThat(rs.next()).as("the interrupted build's checkpoint").isTrue();
            return rs.getLong(1);
        }
    }
}

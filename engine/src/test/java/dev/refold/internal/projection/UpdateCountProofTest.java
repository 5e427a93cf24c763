package dev.refold.internal.projection;

import dev.refold.projection.EventContext;
import dev.refold.projection.EventHandler;
import dev.refold.projection.FoldSpec;
import dev.refold.projection.Projection;
import dev.refold.projection.ProjectionSpec;
import org.jooq.DSLContext;
import org.jooq.ExecuteContext;
import org.jooq.ExecuteListener;
import org.jooq.Field;
import org.jooq.Query;
import org.jooq.Record;
import org.jooq.Table;
import org.jooq.UpdatableRecord;
import org.jooq.impl.DSL;
import org.jooq.impl.SQLDataType;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import java.util.function.IntSupplier;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The bytecode proof that a projection never reads an update count: it must hold for handlers that drop every
 * count (the benchmark's), and fail for every way a count can be read or a statement can escape inspection.
 */
class UpdateCountProofTest {
    static final Table<Record> T = DSL.table(DSL.name("p", "t"));
    static final Field<String> ID = DSL.field(DSL.name("id"), SQLDataType.VARCHAR);
    static final Field<Integer> N = DSL.field(DSL.name("n"), SQLDataType.INTEGER);

    public record Placed(String id) {
    }

    /** As the benchmark's handler-style projection: one statement per event, counts dropped, static helpers. */
    public static class DropsCounts implements Projection {
        public String name() {
            return "p";
        }

        public int version() {
            return 1;
        }

        public void define(ProjectionSpec spec) {
            spec.on(Placed.class, (e, ctx) -> placed(ctx.dsl(), e));
            spec.on(String.class, (e, ctx) -> ctx.dsl().update(T).set(N, N.plus(1)).where(ID.eq(e)).execute());
        }

        static void placed(DSLContext dsl, Placed e) {
            dsl.insertInto(T).columns(ID, N).values(e.id(), 0).execute();
            dsl.batch(dsl.update(T).set(N, 1).where(ID.eq(e.id()))).execute();
        }
    }

    public static class ReadsCount implements Projection {
        public String name() {
            return "p";
        }

        public int version() {
            return 1;
        }

        public void define(ProjectionSpec spec) {
            spec.on(Placed.class, (e, ctx) -> {
                if (ctx.dsl().update(T).set(N, 1).where(ID.eq(e.id())).execute() == 0) {
                    ctx.dsl().insertInto(T).columns(ID, N).values(e.id(), 1).execute();
                }
            });
        }
    }

    public static class KeepsCountInALocal implements Projection {
        public String name() {
            return "p";
        }

        public int version() {
            return 1;
        }

        public void define(ProjectionSpec spec) {
            spec.on(Placed.class, (e, ctx) -> {
                int[] counts = ctx.dsl().batch(ctx.dsl().update(T).set(N, 1)).execute();
                System.out.println(counts.length);
            });
        }
    }

    public static class PassesTheDslOut implements Projection {
        public String name() {
            return "p";
        }

        public int version() {
            return 1;
        }

        public void define(ProjectionSpec spec) {
            spec.on(Placed.class, (e, ctx) -> Outside.run(ctx.dsl()));
        }
    }

    public static class PassesTheContextOut implements Projection {
        public String name() {
            return "p";
        }

        public int version() {
            return 1;
        }

        public void define(ProjectionSpec spec) {
            spec.on(Placed.class, Outside::handle);
        }
    }

    public static class MakesAFunctionOfExecute implements Projection {
        public String name() {
            return "p";
        }

        public int version() {
            return 1;
        }

        public void define(ProjectionSpec spec) {
            spec.on(Placed.class, (e, ctx) -> {
                Query query = ctx.dsl().update(T).set(N, 1);
                IntSupplier count = query::execute;
                Outside.total.addAndGet(count.getAsInt());
            });
        }
    }

    public static class ListensForRows implements Projection {
        public String name() {
            return "p";
        }

        public int version() {
            return 1;
        }

        public void define(ProjectionSpec spec) {
            spec.on(Placed.class, (e, ctx) -> DSL.using(ctx.dsl().configuration().derive(new ExecuteListener() {
                @Override
                public void executeEnd(ExecuteContext c) {
                    Outside.total.addAndGet(c.rows());
                }
            })).update(T).set(N, 1).execute());
        }
    }

    public static class RegistersAnOutsideHandler implements Projection {
        public String name() {
            return "p";
        }

        public int version() {
            return 1;
        }

        public void define(ProjectionSpec spec) {
            spec.on(Placed.class, new OutsideHandler());
        }
    }

    public static class KeepsTheDsl implements Projection {
        static DSLContext kept;

        public String name() {
            return "p";
        }

        public int version() {
            return 1;
        }

        public void define(ProjectionSpec spec) {
            spec.on(Placed.class, (e, ctx) -> kept = ctx.dsl());
        }
    }

    public static class Inherits extends DropsCounts {
    }

    @Test
    void handlersThatDropEveryCountAreProved() {
        UpdateCountProof.Verdict verdict = verdict(new DropsCounts());
        assertThat(verdict.countsRead()).as(verdict.reason()).isFalse();
    }

    @Test
    void everyWayOfReadingOrLettingOutACountFailsTheProof() {
        assertThat(verdict(new ReadsCount()).reason()).contains("uses the result of org.jooq.UpdateConditionStep.execute");
        assertThat(verdict(new KeepsCountInALocal()).reason()).contains("uses the result of org.jooq.BatchBindStep.execute");
        assertThat(verdict(new PassesTheDslOut()).reason()).contains("passes a org.jooq.DSLContext to");
        assertThat(verdict(new PassesTheContextOut()).reason()).contains("passes a dev.refold.projection.EventContext");
        assertThat(verdict(new MakesAFunctionOfExecute()).reason()).contains("makes a function of org.jooq.Query.execute");
        // an anonymous listener keeps its outer instance: refused before its rows() is even looked at
        assertThat(verdict(new ListensForRows()).reason()).contains("ListensForRows");
        assertThat(verdict(new RegistersAnOutsideHandler()).reason()).contains("is not one of the projection's own classes");
        assertThat(verdict(new KeepsTheDsl()).reason()).contains("stores a org.jooq.DSLContext into the field kept");
        assertThat(verdict(new Inherits()).reason()).contains("DropsCounts"); // code inherited from outside its own classes
        for (Projection p : List.of(new ReadsCount(), new KeepsCountInALocal(), new PassesTheDslOut(), new PassesTheContextOut(),
                new MakesAFunctionOfExecute(), new ListensForRows(), new RegistersAnOutsideHandler(), new KeepsTheDsl(), new Inherits())) {
            assertThat(verdict(p).countsRead()).as(p.getClass().getSimpleName()).isTrue();
        }
    }

    /** The handlers a projection registers, collected as Refold collects them, and the verdict on them. */
    static UpdateCountProof.Verdict verdict(Projection projection) {
        List<Object> handlers = new ArrayList<>();
        projection.define(new ProjectionSpec() {
            public <E> ProjectionSpec on(Class<E> type, EventHandler<? super E> handler) {
                handlers.add(handler);
                return this;
            }

            public <E> ProjectionSpec onLive(Class<E> type, EventHandler<? super E> handler) {
                return on(type, handler);
            }

            public <R extends UpdatableRecord<R>> FoldSpec<R> fold(Table<R> table) {
                throw new UnsupportedOperationException();
            }

            public ProjectionSpec ignoresUpdateCounts() {
                return this;
            }
        });
        return UpdateCountProof.of(projection.getClass(), handlers);
    }
}

/** Code outside the projections above: not inspected. */
final class Outside {
    static final AtomicInteger total = new AtomicInteger();

    private Outside() {
    }

    static void run(DSLContext dsl) {
        total.addAndGet(dsl.update(UpdateCountProofTest.T).set(UpdateCountProofTest.N, 1).execute());
    }

    static void handle(UpdateCountProofTest.Placed e, EventContext ctx) {
        run(ctx.dsl());
    }
}

final class OutsideHandler implements EventHandler<UpdateCountProofTest.Placed> {
    public void handle(UpdateCountProofTest.Placed e, EventContext ctx) {
        Outside.run(ctx.dsl());
    }
}

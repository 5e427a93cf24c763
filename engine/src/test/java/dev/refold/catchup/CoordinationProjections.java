package dev.refold.catchup;

import dev.refold.fixtures.PostLiked;
import dev.refold.fixtures.PostPublished;
import dev.refold.projection.EventContext;
import dev.refold.projection.Projection;
import dev.refold.projection.ProjectionSpec;
import org.jooq.Field;
import org.jooq.Record;
import org.jooq.Table;
import org.jooq.impl.DSL;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.locks.LockSupport;

import static org.jooq.impl.DSL.field;
import static org.jooq.impl.DSL.table;

/**
 * Projections for the coordination tests, whose likes can be slowed down in a child JVM
 * ({@code -Dcoord.slowMicros=n} per like) and held at a gate ({@code -Dcoord.gate=<file>}: a like at or after
 * position {@code -Dcoord.gateAt} waits while that file exists), so that a build makes visible progress, then
 * lasts exactly as long as the test needs to act during it, whatever the machine's load. None of this is in
 * the handlers' code, so old and new instances agree on checksums.
 */
public final class CoordinationProjections {
    static final String LIKES = "coord_likes";
    static final String TALLY = "coord_tally";
    static final Table<Record> POST_LIKES = table(DSL.name(LIKES, "post_likes"));
    static final Field<String> POST_ID = field(DSL.name("post_id"), String.class);
    static final Field<Integer> COUNT = field(DSL.name("likes"), Integer.class);

    private CoordinationProjections() {
    }

    static void slow(EventContext ctx) {
        long micros = Long.getLong("coord.slowMicros", 0);
        if (micros > 0) {
            LockSupport.parkNanos(micros * 1000);
        }
        String gate = System.getProperty("coord.gate");
        if (gate != null && ctx.position() >= Long.getLong("coord.gateAt", 0)) {
            while (Files.exists(Path.of(gate))) {
                LockSupport.parkNanos(5_000_000);
            }
        }
    }

    /** v1 of a rolling deploy: a like counts one. */
    public static final class LikesV1 implements Projection {
        public String name() {
            return LIKES;
        }

        public int version() {
            return 1;
        }

        public void define(ProjectionSpec spec) {
            spec.on(PostPublished.class, (e, ctx) -> ctx.dsl().insertInto(POST_LIKES).columns(POST_ID, COUNT).values(e.postId(), 0).execute());
            spec.on(PostLiked.class, (e, ctx) -> {
                slow(ctx);
                ctx.dsl().update(POST_LIKES).set(COUNT, COUNT.plus(1)).where(POST_ID.eq(e.postId())).execute();
            });
        }
    }

    /** v2: a like counts ten, so which version applied an event shows in the sum. */
    public static final class LikesV2 implements Projection {
        public String name() {
            return LIKES;
        }

        public int version() {
            return 2;
        }

        public void define(ProjectionSpec spec) {
            spec.on(PostPublished.class, (e, ctx) -> ctx.dsl().insertInto(POST_LIKES).columns(POST_ID, COUNT).values(e.postId(), 0).execute());
            spec.on(PostLiked.class, (e, ctx) -> {
                slow(ctx);
                ctx.dsl().update(POST_LIKES).set(COUNT, COUNT.plus(10)).where(POST_ID.eq(e.postId())).execute();
            });
        }
    }

    /** Likes per liker: a second projection to rebuild at the same time as {@link LikesV1}. */
    public static final class Tally implements Projection {
        static final Table<Record> TABLE = table(DSL.name(TALLY, "tally"));
        static final Field<String> LIKER = field(DSL.name("liker"), String.class);

        public String name() {
            return TALLY;
        }

        public int version() {
            return 1;
        }

        public void define(ProjectionSpec spec) {
            spec.on(PostLiked.class, (e, ctx) -> {
                slow(ctx);
                ctx.dsl().insertInto(TABLE).columns(LIKER, COUNT).values(e.user(), 1)
                        .onConflict(LIKER).doUpdate().set(COUNT, field(DSL.name("tally", "likes"), Integer.class).plus(1)).execute();
            });
        }
    }

    static Projection named(String key) {
        return switch (key) {
            case "likes1" -> new LikesV1();
            case "likes2" -> new LikesV2();
            case "tally" -> new Tally();
            case "titles" -> new CatchUpProjections.Titles();
            default -> throw new IllegalArgumentException("unknown projection " + key);
        };
    }
}

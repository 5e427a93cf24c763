package dev.refold.catchup;

import dev.refold.fixtures.PostDeleted;
import dev.refold.fixtures.PostLiked;
import dev.refold.fixtures.PostPublished;
import dev.refold.projection.Projection;
import dev.refold.projection.ProjectionSpec;
import org.jooq.Field;
import org.jooq.Record;
import org.jooq.Table;
import org.jooq.impl.DSL;

import static org.jooq.impl.DSL.field;
import static org.jooq.impl.DSL.table;

/**
 * Projections for the catch-up tests. {@link Likes} counts with {@code likes = likes + 1}, so an event applied
 * twice or lost shows in its rows, and a like after a delete changes nothing, so order matters too.
 */
public final class CatchUpProjections {
    private CatchUpProjections() {
    }

    /** Likes per post; its handlers call {@link LiveHooks} so tests can make them fail or cut connections. */
    public static final class Likes implements Projection {
        public static final String NAME = "catchup_likes";
        public static final Table<Record> POST_LIKES = table(DSL.name(NAME, "post_likes"));
        public static final Field<String> POST_ID = field(DSL.name("post_id"), String.class);
        public static final Field<Integer> LIKES = field(DSL.name("likes"), Integer.class);

        public String name() {
            return NAME;
        }

        public int version() {
            return 1;
        }

        public void define(ProjectionSpec spec) {
            spec.on(PostPublished.class, (e, ctx) -> ctx.dsl().insertInto(POST_LIKES).columns(POST_ID, LIKES).values(e.postId(), 0).execute());
            spec.on(PostLiked.class, (e, ctx) -> {
                LiveHooks.beforeLike(e, ctx);
                ctx.dsl().update(POST_LIKES).set(LIKES, LIKES.plus(1)).where(POST_ID.eq(e.postId())).execute();
            });
            spec.on(PostDeleted.class, (e, ctx) -> ctx.dsl().deleteFrom(POST_LIKES).where(POST_ID.eq(e.postId())).execute());
        }
    }

    /** The next version of {@link Likes}, as a rolling deployment brings it: a like now weighs ten. */
    public static final class WeightedLikes implements Projection {
        public String name() {
            return Likes.NAME;
        }

        public int version() {
            return 2;
        }

        public void define(ProjectionSpec spec) {
            spec.on(PostPublished.class, (e, ctx) -> ctx.dsl().insertInto(Likes.POST_LIKES).columns(Likes.POST_ID, Likes.LIKES).values(e.postId(), 0).execute());
            spec.on(PostLiked.class, (e, ctx) -> ctx.dsl().update(Likes.POST_LIKES).set(Likes.LIKES, Likes.LIKES.plus(10)).where(Likes.POST_ID.eq(e.postId())).execute());
            spec.on(PostDeleted.class, (e, ctx) -> ctx.dsl().deleteFrom(Likes.POST_LIKES).where(Likes.POST_ID.eq(e.postId())).execute());
        }
    }

    /** Titles of published posts: a second projection that goes on when {@link Likes} fails. */
    public static final class Titles implements Projection {
        public static final String NAME = "catchup_titles";
        public static final Table<Record> TITLE = table(DSL.name(NAME, "title"));
        public static final Field<String> POST_ID = field(DSL.name("post_id"), String.class);
        public static final Field<String> TITLE_TEXT = field(DSL.name("title"), String.class);

        public String name() {
            return NAME;
        }

        public int version() {
            return 1;
        }

        public void define(ProjectionSpec spec) {
            spec.on(PostPublished.class, (e, ctx) -> ctx.dsl().insertInto(TITLE).columns(POST_ID, TITLE_TEXT).values(e.postId(), e.title()).execute());
            spec.on(PostDeleted.class, (e, ctx) -> ctx.dsl().deleteFrom(TITLE).where(POST_ID.eq(e.postId())).execute());
        }
    }

    /** Its DDL ({@code db/refold/broken_ddl/V1__Broken.sql}) has a syntax error. */
    public static final class BrokenDdl implements Projection {
        public String name() {
            return "broken_ddl";
        }

        public int version() {
            return 1;
        }

        public void define(ProjectionSpec spec) {
            spec.on(PostPublished.class, (e, ctx) -> ctx.dsl().execute("insert into broken_ddl.broken (id, oops) values (?, 1)", e.postId()));
        }
    }

    /** A name that would be SQL injection if it were ever concatenated into a statement. */
    public static final class Unsafe implements Projection {
        public static final String NAME = "x\"; drop table y; --";

        public String name() {
            return NAME;
        }

        public int version() {
            return 1;
        }

        public void define(ProjectionSpec spec) {
            spec.on(PostPublished.class, (e, ctx) -> {
            });
        }
    }
}

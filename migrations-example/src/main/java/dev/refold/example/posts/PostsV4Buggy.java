package dev.refold.example.posts;

import dev.refold.example.events.CommentAdded;
import dev.refold.example.events.PostDeleted;
import dev.refold.example.events.PostPublished;
import dev.refold.projection.Projection;
import dev.refold.projection.ProjectionSpec;

import java.util.Locale;

import static dev.refold.example.readmodel.posts.Tables.POST;

/**
 * The first attempt at v4, with the bug a prototype typically has: the slug is the title alone, but slugs are
 * unique and two authors both called their first post "Hello, world". The rebuild stops at the second one,
 * naming its position and type, and v3 keeps serving. {@link PostsV4} is the fix.
 */
public final class PostsV4Buggy implements Projection {
    @Override
    public String name() {
        return PostsVersion.PROJECTION;
    }

    @Override
    public int version() {
        return 4;
    }

    @Override
    public void define(ProjectionSpec spec) {
        spec.on(PostPublished.class, (event, ctx) -> ctx.dsl()
                .insertInto(POST, POST.ID, POST.AUTHOR_ID, POST.TITLE, POST.SLUG)
                .values(event.postId(), event.authorId(), event.title(), slug(event.title()))
                .execute());
        spec.on(PostDeleted.class, (event, ctx) -> ctx.dsl()
                .update(POST)
                .set(POST.DELETED, true)
                .where(POST.ID.eq(event.postId()))
                .execute());
        spec.on(CommentAdded.class, (event, ctx) -> ctx.dsl()
                .update(POST)
                .set(POST.COMMENT_COUNT, POST.COMMENT_COUNT.plus(1))
                .where(POST.ID.eq(event.postId()))
                .execute());
    }

    /** "Hello, world" becomes "hello-world". */
    private static String slug(String title) {
        return title.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9]+", "-").replaceAll("^-|-$", "");
    }
}

package dev.refold.example.posts;

import dev.refold.example.events.CommentAdded;
import dev.refold.example.events.PostDeleted;
import dev.refold.example.events.PostPublished;
import dev.refold.projection.Projection;
import dev.refold.projection.ProjectionSpec;

import java.util.Locale;

import static dev.refold.example.readmodel.posts.Tables.POST;

/**
 * v4 fixed, and the version the blog runs today: a slug ends with the post's id, so two posts with the same
 * title get different ones ("hello-world-post-1", "hello-world-post-4").
 *
 * <p>The slug function lives in this class on purpose: Refold's checksum covers a projection's own class and
 * its nested classes, not helpers elsewhere, so a change to a shared helper would slip past {@code validate}.
 */
public final class PostsV4 implements Projection {
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
                .values(event.postId(), event.authorId(), event.title(), slug(event.title(), event.postId()))
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

    /** "Hello, world" of post-4 becomes "hello-world-post-4". */
    private static String slug(String title, String postId) {
        return title.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9]+", "-").replaceAll("^-|-$", "") + "-" + postId;
    }
}

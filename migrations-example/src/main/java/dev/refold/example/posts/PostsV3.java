package dev.refold.example.posts;

import dev.refold.example.events.CommentAdded;
import dev.refold.example.events.PostDeleted;
import dev.refold.example.events.PostPublished;
import dev.refold.projection.Projection;
import dev.refold.projection.ProjectionSpec;

import static dev.refold.example.readmodel.posts.Tables.POST;

/**
 * A new property: each post's number of comments. No migration script computes it for the existing rows:
 * the rebuild replays every {@code CommentAdded} ever recorded, so old posts get their count like new ones.
 */
public final class PostsV3 implements Projection {
    @Override
    public String name() {
        return PostsVersion.PROJECTION;
    }

    @Override
    public int version() {
        return 3;
    }

    @Override
    public void define(ProjectionSpec spec) {
        spec.on(PostPublished.class, (event, ctx) -> ctx.dsl()
                .insertInto(POST, POST.ID, POST.AUTHOR_ID, POST.TITLE)
                .values(event.postId(), event.authorId(), event.title())
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
}

package dev.refold.example.posts;

import dev.refold.example.events.PostDeleted;
import dev.refold.example.events.PostPublished;
import dev.refold.projection.Projection;
import dev.refold.projection.ProjectionSpec;

import static dev.refold.example.readmodel.posts.Tables.POST;

/**
 * Deleted posts stay, marked {@code deleted}, so that moderators can still see them. A read model built by v1
 * holds no trace of them, so this version is built by replaying the whole log, and they come back.
 */
public final class PostsV2 implements Projection {
    @Override
    public String name() {
        return PostsVersion.PROJECTION;
    }

    @Override
    public int version() {
        return 2;
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
    }
}

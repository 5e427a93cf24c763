package dev.refold.example.posts;

import dev.refold.example.events.PostDeleted;
import dev.refold.example.events.PostPublished;
import dev.refold.projection.Projection;
import dev.refold.projection.ProjectionSpec;

import static dev.refold.example.readmodel.posts.Tables.POST;

/**
 * The posts read model as the blog first shipped it: a deleted post disappears.
 *
 * <p>{@code POST} is generated from the newest DDL (v4). Each version writes only the columns its own
 * {@code V<n>__*.sql} creates: the later versions only add columns, so those references stay valid for every
 * version, and a version that wrote a column it lacks would fail its first build (the end-to-end suite builds
 * every version).
 */
public final class PostsV1 implements Projection {
    @Override
    public String name() {
        return PostsVersion.PROJECTION;
    }

    @Override
    public int version() {
        return 1;
    }

    @Override
    public void define(ProjectionSpec spec) {
        spec.on(PostPublished.class, (event, ctx) -> ctx.dsl()
                .insertInto(POST, POST.ID, POST.AUTHOR_ID, POST.TITLE)
                .values(event.postId(), event.authorId(), event.title())
                .execute());
        spec.on(PostDeleted.class, (event, ctx) -> ctx.dsl()
                .deleteFrom(POST)
                .where(POST.ID.eq(event.postId()))
                .execute());
    }
}

package dev.refold.example.posts;

import dev.refold.example.events.CommentAdded;
import dev.refold.example.events.PostDeleted;
import dev.refold.example.events.PostPublished;
import dev.refold.projection.Projection;
import dev.refold.projection.ProjectionSpec;

import java.util.Arrays;
import java.util.Locale;

import static dev.refold.example.readmodel.posts.Tables.POST;

/**
 * {@link PostsV4} after a well-meant edit: slugs now keep at most the title's first five words. Every row
 * built before the edit still has its long slug, so the read model no longer matches the code, yet the
 * version was not bumped. {@code validate} (and so {@code migrate}) reports the projection CHANGED instead of
 * serving the stale rows silently.
 */
public final class PostsV4Unbumped implements Projection {
    private static final int SLUG_WORDS = 5;

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

    /** "On the cruelty of really teaching computing science" of post-7 becomes "on-the-cruelty-of-really-post-7". */
    private static String slug(String title, String postId) {
        String[] words = title.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9]+", " ").trim().split(" ");
        String shortened = String.join("-", Arrays.copyOf(words, Math.min(words.length, SLUG_WORDS)));
        return shortened + "-" + postId;
    }
}

package dev.refold.example.authors;

import dev.refold.example.events.AuthorRegistered;
import dev.refold.example.events.CommentAdded;
import dev.refold.example.events.PostPublished;
import dev.refold.projection.Projection;
import dev.refold.projection.ProjectionSpec;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import static dev.refold.example.readmodel.author_stats.Tables.AUTHOR;
import static dev.refold.example.readmodel.author_stats.Tables.POST_AUTHOR;
import static org.jooq.impl.DSL.select;

/**
 * Per author: posts published and comments received. A comment names only its post, so the projection keeps
 * its own post-to-author table rather than reading another projection's, which may be mid-rebuild.
 *
 * <p>Posts from the blog's first release reach it through the upcaster, attributed to the founding author.
 *
 * <p>It also notifies authors of new comments, with a live-only handler: a rebuild replays every comment ever
 * written, and must not email anyone about them again.
 */
public final class AuthorStatsProjection implements Projection {
    public static final String NAME = "author_stats";
    private static final Logger LOG = LoggerFactory.getLogger(AuthorStatsProjection.class);

    private final AuthorNotifier notifier;

    /** For {@link java.util.ServiceLoader} (the Maven goals): notifications go to the log. */
    public AuthorStatsProjection() {
        this((author, comment) -> LOG.info("Notify {}: {} commented on {}", author, comment.commenter(), comment.postId()));
    }

    public AuthorStatsProjection(AuthorNotifier notifier) {
        this.notifier = notifier;
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public int version() {
        return 1;
    }

    @Override
    public void define(ProjectionSpec spec) {
        spec.on(AuthorRegistered.class, (event, ctx) -> ctx.dsl()
                .insertInto(AUTHOR, AUTHOR.ID, AUTHOR.NAME)
                .values(event.authorId(), event.name())
                .execute());
        spec.on(PostPublished.class, (event, ctx) -> {
            ctx.dsl().insertInto(POST_AUTHOR, POST_AUTHOR.POST_ID, POST_AUTHOR.AUTHOR_ID)
                    .values(event.postId(), event.authorId())
                    .execute();
            ctx.dsl().update(AUTHOR)
                    .set(AUTHOR.POSTS_PUBLISHED, AUTHOR.POSTS_PUBLISHED.plus(1))
                    .where(AUTHOR.ID.eq(event.authorId()))
                    .execute();
        });
        spec.on(CommentAdded.class, (event, ctx) -> ctx.dsl()
                .update(AUTHOR)
                .set(AUTHOR.COMMENTS_RECEIVED, AUTHOR.COMMENTS_RECEIVED.plus(1))
                .where(AUTHOR.ID.eq(select(POST_AUTHOR.AUTHOR_ID)
                        .from(POST_AUTHOR)
                        .where(POST_AUTHOR.POST_ID.eq(event.postId()))))
                .execute());
        spec.onLive(CommentAdded.class, (event, ctx) -> {
            String author = ctx.dsl().select(AUTHOR.NAME)
                    .from(AUTHOR).join(POST_AUTHOR).on(POST_AUTHOR.AUTHOR_ID.eq(AUTHOR.ID))
                    .where(POST_AUTHOR.POST_ID.eq(event.postId()))
                    .fetchOne(AUTHOR.NAME);
            if (author != null) {
                notifier.newComment(author, event);
            }
        });
    }
}

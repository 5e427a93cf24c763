package dev.refold.catchup;

import dev.refold.fixtures.PostLiked;
import dev.refold.projection.EventContext;

/**
 * What a test makes {@link CatchUpProjections.Likes} do before it applies a like: fail for a user (a bug the
 * test later "fixes"), or anything else, such as cutting connections in the middle of a batch. Tests run one
 * at a time in a JVM; each resets the hooks when it ends.
 */
public final class LiveHooks {
    private static volatile String failForUser;
    private static volatile LikeHook hook;

    private LiveHooks() {
    }

    /** Every like by {@code user} throws, live and in rebuilds alike, until {@link #reset()}. */
    public static void failFor(String user) {
        failForUser = user;
    }

    public static void onLike(LikeHook onLike) {
        hook = onLike;
    }

    public static void reset() {
        failForUser = null;
        hook = null;
    }

    /** Runs in the handler, on the connection and in the transaction of the batch being applied. */
    public interface LikeHook {
        void beforeLike(PostLiked event, EventContext context) throws Exception;
    }

    static void beforeLike(PostLiked event, EventContext context) throws Exception {
        if (event.user().equals(failForUser)) {
            throw new IllegalStateException("cannot handle a like by " + event.user());
        }
        LikeHook current = hook;
        if (current != null) {
            current.beforeLike(event, context);
        }
    }
}

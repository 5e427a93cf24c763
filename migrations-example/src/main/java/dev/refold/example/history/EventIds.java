package dev.refold.example.history;

import dev.refold.example.events.AuthorRegistered;
import dev.refold.example.events.CommentAdded;
import dev.refold.example.events.PostDeleted;
import dev.refold.example.events.PostPublished;

import java.nio.charset.StandardCharsets;
import java.util.UUID;

/**
 * Deterministic event ids: each event's id is derived from what it is ("the publication of post-4"), so an
 * append retried after a crash, or a second run of the application, stores nothing twice.
 */
public final class EventIds {
    private EventIds() {
    }

    public static UUID of(Object event) {
        return UUID.nameUUIDFromBytes(("refold-example/" + naturalKey(event)).getBytes(StandardCharsets.UTF_8));
    }

    /** What makes the event unique in the blog's history, e.g. {@code post-published/post-4}. */
    static String naturalKey(Object event) {
        if (event instanceof AuthorRegistered e) {
            return "author-registered/" + e.authorId();
        } else if (event instanceof PostPublished e) {
            return "post-published/" + e.postId();
        } else if (event instanceof PostDeleted e) {
            return "post-deleted/" + e.postId();
        } else if (event instanceof CommentAdded e) {
            return "comment-added/" + e.commentId();
        }
        throw new IllegalArgumentException("Not a blog event: " + event.getClass().getName());
    }
}

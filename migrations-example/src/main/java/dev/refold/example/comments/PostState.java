package dev.refold.example.comments;

import dev.refold.example.events.CommentAdded;
import dev.refold.example.events.PostDeleted;
import dev.refold.example.events.PostPublished;

/**
 * What the write side knows about one post, folded from the post's own stream: no read model is consulted
 * to decide whether a comment is accepted, because read models lag and may be mid-rebuild.
 *
 * @param version the stream's version, which the next append expects
 */
public record PostState(boolean published, boolean deleted, String title, int comments, long version) {
    public static final PostState NONE = new PostState(false, false, null, 0, 0);

    /** One step of the fold; every event of the stream counts towards its version. */
    public PostState apply(Object event) {
        long next = version + 1;
        if (event instanceof PostPublished published) {
            return new PostState(true, deleted, published.title(), comments, next);
        } else if (event instanceof PostDeleted) {
            return new PostState(published, true, title, comments, next);
        } else if (event instanceof CommentAdded) {
            return new PostState(published, deleted, title, comments + 1, next);
        }
        return new PostState(published, deleted, title, comments, next);
    }
}

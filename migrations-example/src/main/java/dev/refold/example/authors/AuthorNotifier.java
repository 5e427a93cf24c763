package dev.refold.example.authors;

import dev.refold.example.events.CommentAdded;

/**
 * Tells an author about a new comment: in production an email. It is a side effect, so the projection calls it
 * only for events applied live, never while a rebuild replays old comments.
 */
@FunctionalInterface
public interface AuthorNotifier {
    void newComment(String authorName, CommentAdded comment);
}

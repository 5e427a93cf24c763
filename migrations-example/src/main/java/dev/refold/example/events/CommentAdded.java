package dev.refold.example.events;

import dev.refold.event.EventType;

/** A reader commented on a post. Stream {@code post-<id>}, so a post's discussion is read in order. */
@EventType(name = "CommentAdded")
public record CommentAdded(String postId, String commentId, String commenter, String text) {
}

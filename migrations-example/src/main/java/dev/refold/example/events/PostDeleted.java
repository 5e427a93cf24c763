package dev.refold.example.events;

import dev.refold.event.EventType;

/** An author or a moderator took a post down. Stream {@code post-<id>}. */
@EventType(name = "PostDeleted")
public record PostDeleted(String postId) {
}

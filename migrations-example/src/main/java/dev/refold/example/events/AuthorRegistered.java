package dev.refold.example.events;

import dev.refold.event.EventType;

/** Someone can now write for the blog. Stream {@code author-<id>}. */
@EventType(name = "AuthorRegistered")
public record AuthorRegistered(String authorId, String name) {
}

package dev.refold.example.events;

import dev.refold.event.EventType;

/**
 * A post went live. Stream {@code post-<id>}.
 *
 * <p>Version 2 added {@code authorId}: the blog's first release had a single author, so its
 * {@code PostPublished} v1 events carry only the post id and title. {@link BlogUpcasters} fills the author in
 * when those old events are read; the log itself keeps them exactly as they were written.
 */
@EventType(name = "PostPublished", version = 2)
public record PostPublished(String postId, String authorId, String title) {
}

package dev.refold.example.events;

import java.util.List;

/** Every event type the blog writes, so the log can read all of them whatever projections are loaded. */
public final class BlogEvents {
    public static final List<Class<?>> TYPES =
            List.of(AuthorRegistered.class, PostPublished.class, PostDeleted.class, CommentAdded.class);

    private BlogEvents() {
    }
}

package dev.refold.example.history;

import dev.refold.event.NewEvent;

/** One event of the blog's history and the stream it belongs to. */
public record HistoricEvent(String streamId, Object event) {
    public static HistoricEvent onAuthor(String authorId, Object event) {
        return new HistoricEvent("author-" + authorId, event);
    }

    public static HistoricEvent onPost(String postId, Object event) {
        return new HistoricEvent(postId, event);
    }

    /** The event with its deterministic id, ready to append. */
    public NewEvent toNewEvent() {
        return NewEvent.of(event).withId(EventIds.of(event));
    }
}

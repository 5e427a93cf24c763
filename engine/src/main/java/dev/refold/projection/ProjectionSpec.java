package dev.refold.projection;

/** What a projection registers in {@link Projection#define(ProjectionSpec)}. */
public interface ProjectionSpec {
    /** Handles every event of this type, during rebuilds and live catch-up alike. */
    <E> ProjectionSpec on(Class<E> eventType, EventHandler<? super E> handler);

    /**
     * Handles the event only when it is applied live, never while a rebuild replays the log: for side
     * effects such as sending an email.
     */
    <E> ProjectionSpec onLive(Class<E> eventType, EventHandler<? super E> handler);
}

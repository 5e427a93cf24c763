package dev.refold.listener;

/**
 * A live handler failure.
 *
 * @param attempt  which try of this event failed (from 1)
 * @param attempts the tries allowed ({@code refold.liveAttempts})
 * @param stopped  true when this was the last try: the projection is FAILED until {@code repair}
 */
public record LiveFailure(String projection, int version, long position, String eventType, int attempt, int attempts,
                          boolean stopped, String message) {
}

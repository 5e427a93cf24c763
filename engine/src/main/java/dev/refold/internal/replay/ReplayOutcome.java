package dev.refold.internal.replay;

/**
 * @param eventsApplied events this call applied
 * @param lastPosition  the checkpoint position afterwards
 * @param caughtUp      false when the call stopped at its batch limit
 */
public record ReplayOutcome(long eventsApplied, long lastPosition, boolean caughtUp) {
}

package dev.refold.internal.replay;

/**
 * @param eventsApplied events this call applied
 * @param lastPosition  the checkpoint position afterwards
 * @param caughtUp      false when the call stopped at its batch limit
 * @param writesHeld    handler statements write-behind applied in memory, and committed by COPY
 */
public record ReplayOutcome(long eventsApplied, long lastPosition, boolean caughtUp, long writesHeld) {
}

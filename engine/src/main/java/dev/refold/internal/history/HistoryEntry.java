package dev.refold.internal.history;

import java.time.Instant;

/** One row of {@code refold.projection_history}. */
public record HistoryEntry(int installedRank, String projection, int version, String description, String checksum,
                           String installedBy, Instant installedOn, long executionTimeMillis, long eventsReplayed,
                           long lastPosition, boolean success, String error) {
}

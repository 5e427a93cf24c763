package dev.refold.internal.history;

import java.time.Instant;

/**
 * Where one target of a projection stands in the log. A checkpoint is only trusted by a build of the same
 * (projection, version, checksum): a new version of a projection replays from the beginning.
 *
 * @param target             {@code live}, or the schema of a build in progress
 * @param lastTransactionId  with {@code lastPosition}, the last (transaction id, position) applied
 */
public record Checkpoint(String projection, String target, int version, String checksum, long lastTransactionId,
                         long lastPosition, long eventsApplied, Instant startedAt, Instant updatedAt,
                         Instant serverStartedAt, Long failedPosition, String failedEventType, String failure) {
    public static final String LIVE = "live";

    public boolean failed() {
        return failure != null;
    }
}

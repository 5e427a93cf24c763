package dev.refold.listener;

import java.time.Duration;
import java.time.Instant;

/**
 * One committed batch.
 *
 * @param rebuild        true for a rebuild's shadow read model, false for the live one
 * @param events         events applied in the batch
 * @param lastPosition   the position of the batch's last event: the checkpoint now
 * @param lastRecordedAt when that event was appended
 * @param headPosition   the head of the log as this replay last read it (at most a round old)
 * @param duration       from the previous batch's commit (or the replay's start) to this one's: applying and
 *                       committing the batch
 */
public record BatchApplied(String projection, int version, boolean rebuild, int events, long lastPosition,
                           Instant lastRecordedAt, long headPosition, Duration duration) {

    /** Positions between this batch's last event and the head: an upper bound of the events still to apply. */
    public long lagEvents() {
        return Math.max(0, headPosition - lastPosition);
    }
}

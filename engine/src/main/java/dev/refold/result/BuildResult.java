package dev.refold.result;

import dev.refold.internal.text.ResultJson;

/**
 * One projection built by {@code migrate} or {@code rebuild}.
 *
 * @param previousVersion the version that served before, or null
 * @param eventsReplayed  events applied to the new read model
 * @param lastPosition    its checkpoint when it was swapped in
 * @param writesHeld      handler statements that write-behind applied to rows in memory, which reached the table by
 *                        COPY instead of one by one (0 for a fold-style projection, or with write-behind off)
 */
public record BuildResult(String projection, Integer previousVersion, int version, long eventsReplayed,
                          long lastPosition, long executionTimeMillis, long writesHeld) {
    public double eventsPerSecond() {
        return executionTimeMillis == 0 ? eventsReplayed : eventsReplayed * 1000.0 / executionTimeMillis;
    }

    /** This result as JSON (see the README's "Machine-readable output"): this record's components and {@code eventsPerSecond}. */
    public String toJson() {
        return ResultJson.write(this);
    }
}

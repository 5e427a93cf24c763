package dev.refold.result;

import dev.refold.internal.text.ResultJson;

/**
 * One projection built by {@code migrate} or {@code rebuild}.
 *
 * @param previousVersion the version that served before, or null
 * @param eventsReplayed  events this build read from the log and applied, in this run: a build that resumed an
 *                        interrupted one counts only the events after the point it resumed from
 * @param eventsApplied   events the new read model holds the effect of: every handled event from the start of the
 *                        log, across resumes (what the history records as events replayed)
 * @param lastPosition    its checkpoint when it was swapped in
 * @param writesHeld      handler statements that write-behind applied to rows in memory, which reached the table by
 *                        COPY instead of one by one (0 for a fold-style projection, or with write-behind off)
 */
public record BuildResult(String projection, Integer previousVersion, int version, long eventsReplayed, long eventsApplied,
                          long lastPosition, long executionTimeMillis, long writesHeld) {
    /** Events per second of this run: the events it read, over its time. */
    public double eventsPerSecond() {
        return executionTimeMillis == 0 ? eventsReplayed : eventsReplayed * 1000.0 / executionTimeMillis;
    }

    /** This result as JSON (see the README's "Machine-readable output"): this record's components and {@code eventsPerSecond}. */
    public String toJson() {
        return ResultJson.write(this);
    }
}

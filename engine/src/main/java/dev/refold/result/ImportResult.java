package dev.refold.result;

import dev.refold.internal.text.ResultJson;

/**
 * What {@code importEvents} did with one NDJSON file. The counts are the import's own, not a difference of the
 * log's head before and after: positions that other transactions used up and rolled back leave gaps that no
 * event fills.
 *
 * @param file                the file, as given
 * @param linesRead           lines of the file, blank ones included
 * @param eventsRead          events in the file (its non-blank lines)
 * @param eventsAppended      events this import wrote to the log
 * @param eventsAlreadyStored events whose ids were stored already (an earlier import of the file), so not written again
 * @param executionTimeMillis how long the import took
 */
public record ImportResult(String file, long linesRead, long eventsRead, long eventsAppended, long eventsAlreadyStored,
                           long executionTimeMillis) {

    /** Events read per second, or 0 for an import too short to measure. */
    public double eventsPerSecond() {
        return executionTimeMillis == 0 ? 0 : eventsRead * 1000.0 / executionTimeMillis;
    }

    /** This result as JSON (see the README's "Machine-readable output"): every component and {@code eventsPerSecond}. */
    public String toJson() {
        return ResultJson.write(this);
    }
}

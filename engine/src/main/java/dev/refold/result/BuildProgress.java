package dev.refold.result;

import java.time.Duration;
import java.time.Instant;

/**
 * A build of a projection into its shadow schema, as any process sees it: the shadow's checkpoint, and the
 * session that holds the projection's build lock.
 *
 * @param active          a session holds the build lock; false for an abandoned build (its builder died), whose
 *                        shadow the next {@code migrate} or {@code rebuild} resumes
 * @param builder         who builds: application name, client host, server pid, since when; null when abandoned
 * @param startedAt       when this attempt started (a resumed build counts from its resumption)
 * @param position        the shadow's checkpoint position
 * @param eventsApplied   events in the shadow so far, across attempts
 * @param eventsPerSecond this attempt's rate, 0 before its first checkpoint
 * @param eta             the time left at that rate to the log's head as it is now, or null when unknown
 */
public record BuildProgress(String projection, int version, String shadowSchema, boolean active, String builder,
                            Instant startedAt, long position, long eventsApplied, long eventsPerSecond, Duration eta) {

    /** One line for a log or a table cell. */
    public String describe() {
        if (!active) {
            return "abandoned build of v" + version + " in schema " + shadowSchema + " at position " + position
                    + " (no builder holds its lock; the next migrate resumes it)";
        }
        return "v" + version + " at position " + position + ", " + eventsPerSecond + " events/s, ETA "
                + (eta == null ? "unknown" : eta.toSeconds() + " s") + ", by " + builder;
    }
}

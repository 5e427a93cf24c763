package dev.refold.maven.support;

import dev.refold.result.BuildResult;

import java.util.Locale;

/** One line per build, for the log of {@code migrate} and {@code rebuild}. */
public final class BuildDescriptions {
    private BuildDescriptions() {
    }

    /** Below this a rate says more about start-up and the swap than about replaying: "6 events/s" for 9 events. */
    private static final long RATE_FROM_MILLIS = 1000;

    /**
     * "Built projection orders version 2 (was 1): 120000 events in 3500 ms (34285 events/s), position 120000, 2400
     * writes held in memory": the rate only for builds of a second or more, the last part only when write-behind
     * held some.
     */
    public static String of(BuildResult built) {
        return String.format(Locale.ROOT, "Built projection %s version %d%s: %d events in %d ms%s, position %d%s",
                built.projection(), built.version(),
                built.previousVersion() == null ? "" : " (was " + built.previousVersion() + ")",
                built.eventsReplayed(), built.executionTimeMillis(),
                built.executionTimeMillis() < RATE_FROM_MILLIS ? "" : String.format(Locale.ROOT, " (%.0f events/s)", built.eventsPerSecond()),
                built.lastPosition(),
                built.writesHeld() == 0 ? "" : ", " + built.writesHeld() + " writes held in memory");
    }
}

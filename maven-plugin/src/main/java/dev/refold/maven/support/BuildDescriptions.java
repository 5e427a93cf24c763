package dev.refold.maven.support;

import dev.refold.result.BuildResult;

import java.util.Locale;

/** One line per build, for the log of {@code migrate} and {@code rebuild}. */
public final class BuildDescriptions {
    private BuildDescriptions() {
    }

    /**
     * "Built projection orders version 2 (was 1): 1200 events in 350 ms (3428 events/s), position 1200, 2400 writes
     * held in memory": the last part only when write-behind held some.
     */
    public static String of(BuildResult built) {
        return String.format(Locale.ROOT, "Built projection %s version %d%s: %d events in %d ms (%.0f events/s), position %d%s",
                built.projection(), built.version(),
                built.previousVersion() == null ? "" : " (was " + built.previousVersion() + ")",
                built.eventsReplayed(), built.executionTimeMillis(), built.eventsPerSecond(), built.lastPosition(),
                built.writesHeld() == 0 ? "" : ", " + built.writesHeld() + " writes held in memory");
    }
}

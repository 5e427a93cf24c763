package dev.refold.result;

import java.util.List;

/**
 * The outcome of {@code migrate}: which projections were built, and how many events the current ones
 * caught up.
 */
public record MigrateResult(List<BuildResult> built, long eventsCaughtUp, long executionTimeMillis) {
    public boolean nothingToDo() {
        return built.isEmpty() && eventsCaughtUp == 0;
    }
}

package dev.refold.result;

import dev.refold.internal.text.ResultJson;

import java.util.List;

/**
 * The outcome of {@code migrate}: which projections were built, and how many events the current ones
 * caught up.
 */
public record MigrateResult(List<BuildResult> built, long eventsCaughtUp, long executionTimeMillis) {
    public boolean nothingToDo() {
        return built.isEmpty() && eventsCaughtUp == 0;
    }

    /** This result as JSON (see the README's "Machine-readable output"): {@code built} (each a {@link BuildResult}), {@code eventsCaughtUp}, {@code executionTimeMillis} and {@code nothingToDo}. */
    public String toJson() {
        return ResultJson.write(this);
    }
}

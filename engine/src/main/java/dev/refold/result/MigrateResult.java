package dev.refold.result;

import dev.refold.internal.text.ResultJson;

import java.util.List;

/**
 * The outcome of {@code migrate}: which projections were built, how many events the current ones caught up,
 * and which ones another instance was still building when it returned ({@code refold.waitForBuilds}).
 *
 * @param buildingElsewhere builds this instance would have run, in progress on another instance: not served by
 *                          this instance's code until they are swapped in ({@code Refold.isReady})
 */
public record MigrateResult(List<BuildResult> built, long eventsCaughtUp, long executionTimeMillis,
                            List<BuildProgress> buildingElsewhere) {
    public MigrateResult(List<BuildResult> built, long eventsCaughtUp, long executionTimeMillis) {
        this(built, eventsCaughtUp, executionTimeMillis, List.of());
    }

    /** True when every projection this instance declares was brought up to date by this call or before it. */
    public boolean complete() {
        return buildingElsewhere.isEmpty();
    }

    public boolean nothingToDo() {
        return built.isEmpty() && eventsCaughtUp == 0;
    }

    /** This result as JSON (see the README's "Machine-readable output"): {@code built} (each a {@link BuildResult}), {@code eventsCaughtUp}, {@code executionTimeMillis} and {@code nothingToDo}. */
    public String toJson() {
        return ResultJson.write(this);
    }
}

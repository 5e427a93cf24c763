package dev.refold.internal.plan;

import dev.refold.internal.history.Checkpoint;
import dev.refold.internal.history.HistoryEntry;
import dev.refold.internal.projection.ProjectionDefinition;
import dev.refold.result.ProjectionState;

/**
 * One projection's state with the facts it was derived from.
 *
 * @param definition  null for an ORPHANED projection
 * @param live        the serving read model's checkpoint, or null
 * @param lastSuccess the history row of the serving build, or null
 * @param lastFailure the newest failed build after it, or null
 */
public record ProjectionStatus(String name, ProjectionDefinition definition, ProjectionState state, Checkpoint live,
                               HistoryEntry lastSuccess, HistoryEntry lastFailure) {
    /** True when the failure is in live catch-up rather than in a build. */
    public boolean liveFailure() {
        return state == ProjectionState.FAILED && lastFailure == null && live != null && live.failed();
    }
}

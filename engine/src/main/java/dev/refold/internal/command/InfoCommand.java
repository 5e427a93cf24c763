package dev.refold.internal.command;

import dev.refold.RefoldException;
import dev.refold.internal.coordination.BuildRegistry;
import dev.refold.internal.log.AppendHorizon;
import dev.refold.internal.history.Checkpoint;
import dev.refold.internal.plan.ProjectionPlanner;
import dev.refold.internal.plan.ProjectionStatus;
import dev.refold.internal.projection.ProjectionDefinition;
import dev.refold.result.BuildProgress;
import dev.refold.result.InfoResult;
import dev.refold.result.ProjectionInfo;
import dev.refold.result.ProjectionState;
import dev.refold.result.ValidateResult;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** {@code info} and {@code validate}: both read the statuses and change nothing. */
public final class InfoCommand {
    private final Commands commands;

    public InfoCommand(Commands commands) {
        this.commands = commands;
    }

    public InfoResult info() {
        long head = commands.refoldSchema().exists() ? commands.log().headPosition() : 0;
        Map<String, BuildProgress> builds = builds(head);
        List<ProjectionInfo> rows = new ArrayList<>();
        List<ProjectionStatus> statuses = commands.statuses();
        // one connection for every projection's look at the appends in flight, not one borrowed per projection
        try (Connection connection = statuses.stream().anyMatch(s -> s.live() != null) ? commands.database().connection() : null) {
            for (ProjectionStatus s : statuses) {
                rows.add(row(s, head, connection, builds.get(s.name())));
            }
        } catch (SQLException e) {
            throw new RefoldException("Cannot read which appends are in flight: " + e.getMessage(), e);
        }
        return new InfoResult(rows, head);
    }

    private ProjectionInfo row(ProjectionStatus s, long head, Connection connection, BuildProgress build) throws SQLException {
        ProjectionDefinition d = s.definition();
        Checkpoint live = s.live();
        String failure = s.state() == ProjectionState.FAILED
                ? (s.lastFailure() != null ? s.lastFailure().error() : live.failure()) : null;
        // BUILDING wins over what the planner derived (OUTDATED, PENDING, even CURRENT for a forced rebuild):
        // without it, info from another shell shows the old version's lag as if nothing were happening.
        ProjectionState state = build != null && build.active() ? ProjectionState.BUILDING : s.state();
        return new ProjectionInfo(s.name(), d == null ? null : d.version(), live == null ? null : live.version(),
                d != null ? d.description() : s.lastSuccess() == null ? "" : s.lastSuccess().description(),
                state, s.lastSuccess() == null ? null : s.lastSuccess().installedOn(),
                live == null ? 0 : live.eventsApplied(), live == null ? 0 : live.lastPosition(),
                live == null ? 0 : Math.max(0, head - live.lastPosition()),
                d == null ? null : d.checksum(), live == null ? null : live.checksum(), failure,
                live == null ? Optional.empty() : waitingOn(connection, live), build);
    }

    /** The appends in flight that hold this read model back, described (pid, age, state), if any. */
    private Optional<String> waitingOn(Connection connection, Checkpoint live) throws SQLException {
        AppendHorizon horizon = commands.replay().log().appendHorizon();
        List<AppendHorizon.InFlightAppend> blocking = horizon.blocking(connection, live.lastTransactionId(), live.lastPosition());
        return blocking.isEmpty() ? Optional.empty() : Optional.of(AppendHorizon.describe(blocking));
    }

    /** The planner's view for this instance's code: a build elsewhere does not make an old version unservable. */
    public boolean ready(String name) {
        return commands.statuses().stream().anyMatch(s -> s.name().equals(name) && s.state() == ProjectionState.CURRENT);
    }

    private Map<String, BuildProgress> builds(long head) {
        if (!commands.refoldSchema().exists()) {
            return Map.of();
        }
        try (Connection connection = commands.database().connection()) {
            return new BuildRegistry(commands.coordination().schema()).progress(connection, head);
        } catch (SQLException e) {
            throw new RefoldException("Cannot read the builds in progress: " + e.getMessage(), e);
        }
    }

    public ValidateResult validate() {
        return new ValidateResult(ProjectionPlanner.problems(commands.statuses(), commands.allowDowngrade(), true));
    }
}

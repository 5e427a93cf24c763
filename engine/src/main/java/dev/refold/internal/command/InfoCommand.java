package dev.refold.internal.command;

import dev.refold.RefoldException;
import dev.refold.internal.coordination.BuildRegistry;
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

/** {@code info} and {@code validate}: both read the statuses and change nothing. */
public final class InfoCommand {
    private final Commands commands;

    public InfoCommand(Commands commands) {
        this.commands = commands;
    }

    public InfoResult info() {
        long head = commands.log().headPosition();
        Map<String, BuildProgress> builds = builds(head);
        List<ProjectionInfo> rows = new ArrayList<>();
        for (ProjectionStatus s : commands.statuses()) {
            ProjectionDefinition d = s.definition();
            Checkpoint live = s.live();
            String failure = s.state() == ProjectionState.FAILED
                    ? (s.lastFailure() != null ? s.lastFailure().error() : live.failure()) : null;
            rows.add(new ProjectionInfo(s.name(), d == null ? null : d.version(), live == null ? null : live.version(),
                    d != null ? d.description() : s.lastSuccess() == null ? "" : s.lastSuccess().description(),
                    s.state(), s.lastSuccess() == null ? null : s.lastSuccess().installedOn(),
                    live == null ? 0 : live.eventsApplied(), live == null ? 0 : live.lastPosition(),
                    live == null ? 0 : Math.max(0, head - live.lastPosition()),
                    d == null ? null : d.checksum(), live == null ? null : live.checksum(), failure));
            BuildProgress build = builds.get(s.name());
            if (build != null) {
                ProjectionInfo row = rows.remove(rows.size() - 1);
                // BUILDING wins over what the planner derived (OUTDATED, PENDING, even CURRENT for a forced rebuild):
                // without it, info from another shell shows the old version's lag as if nothing were happening.
                rows.add(new ProjectionInfo(row.projection(), row.declaredVersion(), row.builtVersion(), row.description(),
                        build.active() ? ProjectionState.BUILDING : row.state(), row.builtOn(), row.eventsApplied(),
                        row.position(), row.lag(), row.declaredChecksum(), row.builtChecksum(), row.failure(), build));
            }
        }
        return new InfoResult(rows, head);
    }

    /** The planner's view for this instance's code: a build elsewhere does not make an old version unservable. */
    public boolean ready(String name) {
        return commands.statuses().stream().anyMatch(s -> s.name().equals(name) && s.state() == ProjectionState.CURRENT);
    }

    private Map<String, BuildProgress> builds(long head) {
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

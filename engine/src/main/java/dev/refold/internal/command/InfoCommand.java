package dev.refold.internal.command;

import dev.refold.internal.history.Checkpoint;
import dev.refold.internal.plan.ProjectionPlanner;
import dev.refold.internal.plan.ProjectionStatus;
import dev.refold.internal.projection.ProjectionDefinition;
import dev.refold.result.InfoResult;
import dev.refold.result.ProjectionInfo;
import dev.refold.result.ProjectionState;
import dev.refold.result.ValidateResult;

import java.util.ArrayList;
import java.util.List;

/** {@code info} and {@code validate}: both read the statuses and change nothing. */
public final class InfoCommand {
    private final Commands commands;

    public InfoCommand(Commands commands) {
        this.commands = commands;
    }

    public InfoResult info() {
        long head = commands.refoldSchema().exists() ? commands.log().headPosition() : 0;
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
        }
        return new InfoResult(rows, head);
    }

    public ValidateResult validate() {
        return new ValidateResult(ProjectionPlanner.problems(commands.statuses(), commands.allowDowngrade(), true));
    }
}

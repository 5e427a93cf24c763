package dev.refold.internal.command;

import dev.refold.RefoldException;
import dev.refold.ValidationException;
import dev.refold.internal.build.Schemas;
import dev.refold.internal.build.ShadowBuild;
import dev.refold.internal.history.Checkpoint;
import dev.refold.internal.isolation.ProjectionRole;
import dev.refold.internal.plan.PlannedAction;
import dev.refold.internal.plan.ProjectionPlanner;
import dev.refold.internal.plan.ProjectionStatus;
import dev.refold.internal.projection.ProjectionDefinition;
import dev.refold.internal.replay.ReplayTarget;
import dev.refold.result.BuildResult;
import dev.refold.result.MigrateResult;
import dev.refold.result.ValidateResult;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;

/** {@code migrate}: validates, then carries out the planner's action for each projection, under the migration lock. */
public final class MigrateCommand {
    private final Commands commands;

    public MigrateCommand(Commands commands) {
        this.commands = commands;
    }

    public MigrateResult run() {
        long started = System.nanoTime();
        return commands.lock().run(() -> {
            List<ProjectionStatus> statuses = commands.statuses();
            List<String> problems = ProjectionPlanner.problems(statuses, commands.allowDowngrade(), false);
            if (!problems.isEmpty()) {
                throw new ValidationException(new ValidateResult(problems));
            }
            List<BuildResult> built = new ArrayList<>();
            long caughtUp = 0;
            for (ProjectionStatus s : statuses) {
                PlannedAction action = PlannedAction.of(s, commands.dropOrphans());
                switch (action.kind()) {
                    case BUILD -> built.add(build(commands, s));
                    case CATCH_UP -> caughtUp += catchUp(s.definition());
                    case DROP_ORPHAN -> dropOrphan(s.name());
                    case NOTHING -> {
                    }
                }
            }
            return new MigrateResult(built, caughtUp, (System.nanoTime() - started) / 1_000_000);
        });
    }

    /** A build of the status's projection into a shadow, swapped in; {@code rebuild} uses it too. */
    static BuildResult build(Commands commands, ProjectionStatus status) {
        Integer previous = status.live() == null ? null : status.live().version();
        return new ShadowBuild(commands.database(), commands.replay(), commands.checkpoints(), commands.history(),
                commands.batchSize()).build(status.definition(), previous);
    }

    private long catchUp(ProjectionDefinition definition) {
        return commands.replay().apply(definition, ReplayTarget.live(definition.name()), commands.batchSize(),
                Long.MAX_VALUE, true).eventsApplied();
    }

    private void dropOrphan(String name) {
        try (Connection connection = commands.database().connection()) {
            connection.setAutoCommit(false);
            Schemas.drop(connection, name);
            commands.checkpoints().remove(connection, name, Checkpoint.LIVE);
            connection.commit();
            ProjectionRole.dropIfUnused(connection, name); // the role owned nothing but that schema
        } catch (SQLException e) {
            throw new RefoldException("Cannot drop orphaned projection '" + name + "': " + e.getMessage(), e);
        }
    }
}

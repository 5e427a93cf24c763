package dev.refold.internal.command;

import dev.refold.RefoldException;
import dev.refold.internal.projection.ProjectionDefinition;
import dev.refold.result.BuildResult;

/** {@code rebuild(name)}: one build, whatever the projection's state, under the migration lock. */
public final class RebuildCommand {
    private final Commands commands;

    public RebuildCommand(Commands commands) {
        this.commands = commands;
    }

    public BuildResult run(String name) {
        ProjectionDefinition definition = commands.projections().stream().filter(p -> p.name().equals(name)).findFirst()
                .orElseThrow(() -> new RefoldException("No projection named '" + name + "' is declared (declared: "
                        + String.join(", ", commands.projections().stream().map(ProjectionDefinition::name).toList()) + ")"));
        if (definition.problem() != null) {
            throw new RefoldException(definition.problem());
        }
        return commands.lock().run(() -> MigrateCommand.build(commands,
                commands.statuses().stream().filter(s -> s.name().equals(name)).findFirst().orElseThrow()));
    }
}

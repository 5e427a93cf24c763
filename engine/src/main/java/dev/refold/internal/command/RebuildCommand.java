package dev.refold.internal.command;

import dev.refold.RefoldException;
import dev.refold.internal.coordination.BuildClaim;
import dev.refold.internal.projection.ProjectionDefinition;
import dev.refold.result.BuildResult;

/**
 * {@code rebuild(name)}: one build, whatever the projection's state, under that projection's build claim only;
 * a build of the same projection elsewhere is waited for up to {@code refold.lockTimeout}.
 */
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
        try (BuildClaim claim = BuildClaim.claim(commands.database(), commands.coordination().schema(), name,
                commands.coordination().lockTimeout())) {
            return MigrateCommand.build(commands, commands.statuses().stream().filter(s -> s.name().equals(name))
                    .findFirst().orElseThrow(), claim);
        }
    }
}

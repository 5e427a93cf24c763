package dev.refold.internal.command;

import dev.refold.internal.build.Verification;
import dev.refold.internal.projection.ProjectionDefinition;
import dev.refold.result.VerifyResult;

import java.util.ArrayList;
import java.util.List;

/** {@code verify}: every declared projection built from scratch and incrementally, and compared. */
public final class VerifyCommand {
    private final Commands commands;

    public VerifyCommand(Commands commands) {
        this.commands = commands;
    }

    public VerifyResult run() {
        Verification verification = new Verification(commands.database(), commands.replay(), commands.checkpoints(),
                commands.batchSize());
        List<VerifyResult.ProjectionVerification> results = new ArrayList<>();
        for (ProjectionDefinition d : commands.projections()) {
            results.add(verification.verify(d));
        }
        return new VerifyResult(results, commands.log().headPosition());
    }
}

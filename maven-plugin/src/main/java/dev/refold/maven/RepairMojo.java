package dev.refold.maven;

import dev.refold.Refold;
import dev.refold.result.RepairResult;
import org.apache.maven.plugins.annotations.Mojo;
import org.apache.maven.plugins.annotations.ResolutionScope;

import java.io.IOException;

/**
 * Accepts the current code of CHANGED projections as their recorded checksum, and removes failed history
 * entries, as {@code flyway:repair} does. Use it when a change provably does not alter the read model.
 */
@Mojo(name = "repair", requiresDependencyResolution = ResolutionScope.RUNTIME, threadSafe = true)
public class RepairMojo extends AbstractRefoldMojo {
    @Override
    protected boolean changesDatabase() {
        return true;
    }

    @Override
    protected boolean offersJson() {
        return true;
    }

    @Override
    protected void execute(Refold refold) throws IOException {
        RepairResult result = refold.repair();
        if (writeJson(result.toJson())) {
            return;
        }
        if (result.realigned().isEmpty() && result.removedFailures().isEmpty()) {
            getLog().info("Nothing to repair");
        }
        for (String projection : result.realigned()) {
            getLog().info("Realigned the checksum of projection " + projection);
        }
        for (String projection : result.removedFailures()) {
            getLog().info("Removed the failed history entries of projection " + projection);
        }
        info(refold.info().toTable());
    }
}

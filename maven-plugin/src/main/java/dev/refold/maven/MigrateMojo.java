package dev.refold.maven;

import dev.refold.Refold;
import dev.refold.maven.support.BuildDescriptions;
import dev.refold.result.BuildResult;
import dev.refold.result.MigrateResult;
import org.apache.maven.plugins.annotations.Mojo;
import org.apache.maven.plugins.annotations.ResolutionScope;

import java.io.IOException;

/**
 * Validates, then brings every read model up to date: builds the PENDING, OUTDATED and FAILED projections
 * from the whole log and catches the current ones up. Prints what it built, then the info table.
 */
@Mojo(name = "migrate", requiresDependencyResolution = ResolutionScope.RUNTIME, threadSafe = true)
public class MigrateMojo extends AbstractRefoldMojo {
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
        MigrateResult result = refold.migrate();
        if (writeJson(result.toJson())) {
            return;
        }
        // Not a failure: the other instance swaps them in when done, and info shows their progress meanwhile.
        result.buildingElsewhere().forEach(b -> getLog().warn("Projection " + b.projection()
                + " is being built by another instance, not by this migrate: " + b.describe()));
        if (result.nothingToDo() && result.complete()) {
            getLog().info("All projections are up to date; nothing to migrate");
        }
        for (BuildResult built : result.built()) {
            getLog().info(BuildDescriptions.of(built));
        }
        if (result.eventsCaughtUp() > 0) {
            getLog().info("Caught up current projections with " + result.eventsCaughtUp() + " new events");
        }
        getLog().info("Migrate finished in " + result.executionTimeMillis() + " ms");
        info(refold.info().toTable());
    }
}

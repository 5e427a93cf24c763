package dev.refold.maven;

import dev.refold.Refold;
import dev.refold.result.PlanResult;
import org.apache.maven.plugins.annotations.Mojo;
import org.apache.maven.plugins.annotations.ResolutionScope;

import java.io.IOException;

/**
 * Prints what {@code refold:migrate} would do, per projection: build, catch up, nothing, drop an orphan, or refuse
 * (and why), the events it would replay and an ETA. Changes nothing, not even creating Refold's tables, so like
 * {@code info} it reads the embedded database when no URL is given.
 */
@Mojo(name = "plan", requiresDependencyResolution = ResolutionScope.RUNTIME, threadSafe = true)
public class PlanMojo extends AbstractRefoldMojo {
    @Override
    protected boolean offersJson() {
        return true;
    }

    @Override
    protected void execute(Refold refold) throws IOException {
        PlanResult result = refold.plan();
        if (!writeJson(result.toJson())) {
            info(result.toTable());
        }
    }
}

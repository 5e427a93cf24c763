package dev.refold.maven;

import dev.refold.Refold;
import dev.refold.maven.support.BuildDescriptions;
import org.apache.maven.plugins.annotations.Mojo;
import org.apache.maven.plugins.annotations.Parameter;
import org.apache.maven.plugins.annotations.ResolutionScope;

/**
 * Rebuilds one projection from the whole log, whatever its state, and swaps it in. Readers keep seeing the
 * old read model until the swap.
 */
@Mojo(name = "rebuild", requiresDependencyResolution = ResolutionScope.RUNTIME, threadSafe = true)
public class RebuildMojo extends AbstractRefoldMojo {
    /** The projection to rebuild. */
    @Parameter(property = "refold.projection", required = true)
    private String projection;

    @Override
    protected boolean changesDatabase() {
        return true;
    }

    @Override
    protected void execute(Refold refold) {
        getLog().info(BuildDescriptions.of(refold.rebuild(projection)));
        info(refold.info().toTable());
    }
}

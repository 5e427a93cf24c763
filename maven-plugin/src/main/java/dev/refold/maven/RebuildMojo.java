package dev.refold.maven;

import dev.refold.Refold;
import dev.refold.maven.support.BuildDescriptions;
import dev.refold.result.BuildResult;
import dev.refold.result.ProjectionInfo;
import org.apache.maven.plugin.MojoFailureException;
import org.apache.maven.plugins.annotations.Mojo;
import org.apache.maven.plugins.annotations.Parameter;
import org.apache.maven.plugins.annotations.ResolutionScope;

import java.io.IOException;
import java.util.stream.Collectors;

/**
 * Rebuilds one projection from the whole log, whatever its state, and swaps it in. Readers keep seeing the
 * old read model until the swap.
 */
@Mojo(name = "rebuild", requiresDependencyResolution = ResolutionScope.RUNTIME, threadSafe = true)
public class RebuildMojo extends AbstractRefoldMojo {
    /**
     * The projection to rebuild: {@code -Drefold.projection=NAME}. Not marked required, so that a missing one is
     * reported with the property to set and the projections there are, rather than Maven's generic message.
     */
    @Parameter(property = "refold.projection")
    private String projection;

    @Override
    protected boolean changesDatabase() {
        return true;
    }

    @Override
    protected boolean offersJson() {
        return true;
    }

    @Override
    protected void execute(Refold refold) throws MojoFailureException, IOException {
        if (projection == null || projection.isBlank()) {
            String declared = refold.info().projections().stream()
                    .filter(p -> p.declaredVersion() != null)
                    .map(ProjectionInfo::projection)
                    .collect(Collectors.joining(", "));
            throw new MojoFailureException("refold:rebuild needs the projection to rebuild: -Drefold.projection=NAME"
                    + (declared.isEmpty() ? " (this project declares no projection)" : " (declared: " + declared + ")"));
        }
        BuildResult result = refold.rebuild(projection);
        if (writeJson(result.toJson())) {
            return;
        }
        getLog().info(BuildDescriptions.of(result));
        info(refold.info().toTable());
    }
}

package dev.refold.maven;

import dev.refold.Refold;
import org.apache.maven.plugins.annotations.Mojo;
import org.apache.maven.plugins.annotations.ResolutionScope;

/** Prints every projection's state, versions, positions and lag, as {@code flyway:info} prints migrations. */
@Mojo(name = "info", requiresDependencyResolution = ResolutionScope.RUNTIME, threadSafe = true)
public class InfoMojo extends AbstractRefoldMojo {
    @Override
    protected void execute(Refold refold) {
        info(refold.info().toTable());
    }
}

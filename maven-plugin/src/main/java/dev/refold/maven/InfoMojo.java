package dev.refold.maven;

import dev.refold.Refold;
import dev.refold.result.InfoResult;
import org.apache.maven.plugins.annotations.Mojo;
import org.apache.maven.plugins.annotations.ResolutionScope;

import java.io.IOException;

/** Prints every projection's state, versions, positions and lag, as {@code flyway:info} prints migrations. */
@Mojo(name = "info", requiresDependencyResolution = ResolutionScope.RUNTIME, threadSafe = true)
public class InfoMojo extends AbstractRefoldMojo {
    @Override
    protected boolean offersJson() {
        return true;
    }

    @Override
    protected void execute(Refold refold) throws IOException {
        InfoResult result = refold.info();
        if (!writeJson(result.toJson())) {
            info(result.toTable());
        }
    }
}

package dev.refold.maven;

import dev.refold.Refold;
import dev.refold.result.ValidateResult;
import org.apache.maven.plugin.MojoFailureException;
import org.apache.maven.plugins.annotations.Mojo;
import org.apache.maven.plugins.annotations.ResolutionScope;

import java.io.IOException;

/**
 * Fails the build when a projection is CHANGED (code or DDL changed without a version bump), FAILED, FUTURE
 * or lacks its DDL, naming each one and what to do. Changes nothing.
 */
@Mojo(name = "validate", requiresDependencyResolution = ResolutionScope.RUNTIME, threadSafe = true)
public class ValidateMojo extends AbstractRefoldMojo {
    @Override
    protected boolean offersJson() {
        return true;
    }

    @Override
    protected void execute(Refold refold) throws MojoFailureException, IOException {
        ValidateResult result = refold.validateWithResult();
        boolean written = writeJson(result.toJson());
        if (!result.valid()) {
            throw new MojoFailureException(result.message());
        }
        if (!written) {
            getLog().info(result.message());
        }
    }
}

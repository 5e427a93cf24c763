package dev.refold.maven;

import dev.refold.Refold;
import dev.refold.result.ValidateResult;
import org.apache.maven.plugin.MojoFailureException;
import org.apache.maven.plugins.annotations.Mojo;
import org.apache.maven.plugins.annotations.ResolutionScope;

/**
 * Fails the build when a projection is CHANGED (code or DDL changed without a version bump), FAILED, FUTURE
 * or lacks its DDL, naming each one and what to do. Changes nothing.
 */
@Mojo(name = "validate", requiresDependencyResolution = ResolutionScope.RUNTIME, threadSafe = true)
public class ValidateMojo extends AbstractRefoldMojo {
    @Override
    protected void execute(Refold refold) throws MojoFailureException {
        ValidateResult result = refold.validateWithResult();
        if (!result.valid()) {
            throw new MojoFailureException(result.message());
        }
        getLog().info(result.message());
    }
}

package dev.refold.maven.support;

import dev.refold.ProjectionBuildException;
import dev.refold.RefoldException;
import org.apache.maven.plugin.MojoFailureException;

import java.util.ArrayList;
import java.util.List;

/**
 * Turns the engine's exceptions into build failures. The engine's messages already say what is wrong and
 * what to do, so they are passed on as they are, with no stack trace: these are expected failures (bad
 * configuration, a failing handler, a changed projection), not bugs in the plugin.
 */
public final class EngineFailures {
    private EngineFailures() {
    }

    public static MojoFailureException toMojoFailure(RefoldException e, SecretMasker masker) {
        return new MojoFailureException(masker.mask(describe(e)));
    }

    /** The message, plus whichever of projection, version, position and event type it does not name already. */
    static String describe(RefoldException e) {
        String message = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
        if (!(e instanceof ProjectionBuildException build)) {
            return message;
        }
        List<String> missing = new ArrayList<>();
        if (build.projection() != null && !message.contains(build.projection())) {
            missing.add("projection " + build.projection() + " (version " + build.version() + ")");
        }
        build.position().ifPresent(position -> {
            if (!message.contains(Long.toString(position))) {
                missing.add("event position " + position);
            }
        });
        if (build.eventType() != null && !message.contains(build.eventType())) {
            missing.add("event type " + build.eventType());
        }
        return missing.isEmpty() ? message : message + " [" + String.join(", ", missing) + "]";
    }
}

package dev.refold.maven;

import dev.refold.Refold;
import dev.refold.result.ImportResult;
import org.apache.maven.plugin.MojoFailureException;
import org.apache.maven.plugins.annotations.Mojo;
import org.apache.maven.plugins.annotations.Parameter;
import org.apache.maven.plugins.annotations.ResolutionScope;

import java.io.File;
import java.io.IOException;
import java.util.Locale;

/**
 * Appends an existing log, exported as NDJSON (one event per line, the format of {@code verify}'s fixtures), to
 * {@code refold.events}: {@code mvn refold:import -Drefold.import.file=events.ndjson}. The whole file is one
 * transaction, so a bad line (named with its number) appends nothing; events whose ids are stored already are
 * skipped, so an import that was interrupted, or is run twice, appends each event once.
 */
@Mojo(name = "import", requiresDependencyResolution = ResolutionScope.RUNTIME, threadSafe = true)
public class ImportMojo extends AbstractRefoldMojo {
    /** The NDJSON file to import. */
    @Parameter(property = "refold.import.file")
    private File file;

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
        if (file == null) {
            throw new MojoFailureException("refold:import needs the file to import: -Drefold.import.file=PATH (NDJSON, one event per line)");
        }
        if (!file.isFile()) {
            throw new MojoFailureException("refold:import: " + file + " does not exist or is not a file (refold.import.file)");
        }
        ImportResult result = refold.importEvents(file.toPath());
        if (writeJson(result.toJson())) {
            return;
        }
        getLog().info(describe(file.getName(), result));
    }

    /** The import's own counts; a rate only from a second on, where it says something about the import. */
    static String describe(String name, ImportResult result) {
        String appended = result.eventsAppended() == 0 ? "nothing appended" : result.eventsAppended() + " appended";
        return String.format(Locale.ROOT, "Imported %s: %d lines, %d events read, %s, %d already stored, in %d ms%s",
                name, result.linesRead(), result.eventsRead(), appended, result.eventsAlreadyStored(),
                result.executionTimeMillis(), result.executionTimeMillis() < 1000 ? ""
                        : String.format(Locale.ROOT, " (%.0f events/s)", result.eventsPerSecond()));
    }
}

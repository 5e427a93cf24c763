package dev.refold.maven;

import dev.refold.Refold;
import org.apache.maven.plugin.MojoFailureException;
import org.apache.maven.plugins.annotations.Mojo;
import org.apache.maven.plugins.annotations.Parameter;
import org.apache.maven.plugins.annotations.ResolutionScope;

import java.io.File;
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
    protected void execute(Refold refold) throws MojoFailureException {
        if (file == null) {
            throw new MojoFailureException("refold:import needs the file to import: -Drefold.import.file=PATH (NDJSON, one event per line)");
        }
        if (!file.isFile()) {
            throw new MojoFailureException("refold:import: " + file + " does not exist or is not a file (refold.import.file)");
        }
        long before = refold.events().headPosition();
        long started = System.nanoTime();
        long read = refold.importEvents(file.toPath());
        long millis = Math.max(1, (System.nanoTime() - started) / 1_000_000);
        long appended = refold.events().headPosition() - before;
        getLog().info(String.format(Locale.ROOT, "Imported %s: %d events read, %d appended (%d were already stored) in %d ms%s",
                file.getName(), read, appended, read - appended, millis,
                millis < 1000 ? "" : String.format(Locale.ROOT, " (%.0f events/s)", read * 1000.0 / millis)));
    }
}

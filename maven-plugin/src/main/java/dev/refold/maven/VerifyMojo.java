package dev.refold.maven;

import dev.refold.Refold;
import dev.refold.RefoldConfiguration;
import dev.refold.maven.report.VerifyReport;
import dev.refold.maven.support.Credentials;
import dev.refold.maven.support.FixtureFiles;
import dev.refold.maven.support.ScratchPostgres;
import dev.refold.maven.support.SecretMasker;
import dev.refold.result.ValidateResult;
import dev.refold.result.VerifyResult;
import org.apache.maven.plugin.MojoExecutionException;
import org.apache.maven.plugin.MojoFailureException;
import org.apache.maven.plugins.annotations.LifecyclePhase;
import org.apache.maven.plugins.annotations.Mojo;
import org.apache.maven.plugins.annotations.Parameter;
import org.apache.maven.plugins.annotations.ResolutionScope;

import java.io.File;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The CI check. On a scratch database it loads the project's fixture events, builds every projection from
 * scratch, builds each again incrementally in small batches with restarts, and compares the two by a digest
 * of the read-model tables. It fails on any handler error, any difference, and anything {@code validate}
 * rejects, and writes {@code verify-report.txt} and {@code verify-report.json} under {@code target/refold/}.
 *
 * <p>The scratch database is an embedded PostgreSQL under {@code target/refold/verify-db}, created for the run
 * and deleted after it. {@code refold.url} is deliberately not used: a check that appends fixture events must
 * never run against the database the application serves from.
 */
@Mojo(name = "verify", defaultPhase = LifecyclePhase.VERIFY, requiresDependencyResolution = ResolutionScope.RUNTIME,
        threadSafe = true)
public class VerifyMojo extends AbstractRefoldMojo {
    /**
     * Fixture events: every {@code *.ndjson} file under this directory, in path order. One event per line:
     * {@code {"streamId":"order-1","type":"OrderPlaced","typeVersion":1,"payload":{...},"metadata":{...}}}
     * ({@code typeVersion}, {@code metadata} and {@code eventId} are optional). An export of a real log in the
     * same format works too.
     */
    @Parameter(property = "refold.fixtures", defaultValue = "${project.basedir}/src/test/resources/refold/events")
    private File fixtures;

    /**
     * Verify on this database instead of a throwaway embedded one, with the same user and password as the other
     * goals: a scratch server in CI, or a restored copy of a real log. Never the live database.
     */
    @Parameter(property = "refold.verify.url")
    private String verifyUrl;

    /** Where the reports (and the scratch database, while it runs) go. */
    @Parameter(property = "refold.verify.reportDirectory", defaultValue = "${project.build.directory}/refold")
    private File reportDirectory;

    private List<FixtureFiles.Imported> imported;

    @Override
    protected void run(RefoldConfiguration configuration, Credentials credentials, SecretMasker masker)
            throws MojoExecutionException, MojoFailureException, IOException {
        if (verifyUrl != null && !verifyUrl.isBlank()) {
            configuration.dataSource(verifyUrl, credentials.user(), credentials.password());
            super.run(configuration, credentials, masker);
            return;
        }
        try (ScratchPostgres scratch = ScratchPostgres.start(reportDirectory.toPath().resolve("verify-db"))) {
            configuration.dataSource(scratch.jdbcUrl(), scratch.user(), scratch.password());
            super.run(configuration, credentials, masker);
        }
    }

    @Override
    protected boolean offersJson() {
        return true;
    }

    @Override
    protected void execute(Refold refold) throws MojoFailureException, IOException {
        ValidateResult validation = refold.validateWithResult();
        if (!validation.valid()) {
            throw new MojoFailureException(validation.message());
        }
        imported = new ArrayList<>();
        List<Path> files = FixtureFiles.find(fixtures.toPath());
        if (files.isEmpty()) {
            getLog().warn("No fixture events (*.ndjson) under " + fixtures + ": verifying against an empty log");
        }
        for (Path file : files) {
            long events = refold.importEvents(file).eventsRead();
            imported.add(new FixtureFiles.Imported(file, events));
            getLog().info("Imported " + events + " events from " + project.getBasedir().toPath().relativize(file));
        }

        VerifyResult result = refold.verify();
        VerifyReport report = new VerifyReport(result, imported);
        Path directory = reportDirectory.toPath();
        Path text = report.writeText(directory.resolve("verify-report.txt"));
        report.writeJson(directory.resolve("verify-report.json"));
        boolean written = writeJson(result.toJson());
        if (!written) {
            info(report.table());
            getLog().info("Report: " + text);
        }
        if (!result.passed()) {
            throw new MojoFailureException(report.failureMessage());
        }
        if (written) {
            return;
        }
        int projections = result.projections().size();
        getLog().info("Verified " + projections + (projections == 1 ? " projection" : " projections") + " over "
                + result.events() + " events");
    }
}

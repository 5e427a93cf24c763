package dev.refold;

import dev.refold.event.EventLog;
import dev.refold.internal.Engine;
import dev.refold.result.BuildResult;
import dev.refold.result.ImportResult;
import dev.refold.result.InfoResult;
import dev.refold.result.MigrateResult;
import dev.refold.result.PlanResult;
import dev.refold.result.RepairResult;
import dev.refold.result.ValidateResult;
import dev.refold.result.VerifyResult;

import javax.sql.DataSource;
import java.nio.file.Path;

/**
 * The entry point, as {@code Flyway}: configure, load, then {@link #migrate()} at startup.
 *
 * <pre>{@code
 * try (Refold refold = Refold.configure().projections(new PostsProjection()).load()) {
 *     refold.events().append("post-1", ExpectedVersion.noStream(), new PostPublished("post-1", "Hello"));
 *     refold.migrate();
 *     System.out.println(refold.info().toTable());
 * }
 * }</pre>
 *
 * Closing it stops live catch-up and, when Refold started an embedded PostgreSQL, that server.
 */
public final class Refold implements AutoCloseable {
    private final Engine engine;

    private Refold(Engine engine) {
        this.engine = engine;
    }

    public static RefoldConfiguration configure() {
        return new RefoldConfiguration();
    }

    static Refold open(RefoldConfiguration configuration) {
        return new Refold(Engine.open(configuration.resolveProperties(), configuration.dataSource(),
                configuration.projections(), configuration.eventTypes(), configuration.upcasters(),
                configuration.classLoader(), configuration.listeners()));
    }

    /** The event log: append, read, fold. */
    public EventLog events() {
        return engine.events();
    }

    /**
     * Validates, then builds every PENDING, OUTDATED or FAILED projection and catches the CURRENT ones up to
     * the head of the log. Instances plan one at a time (a short lock); a projection another instance is building
     * is not waited for unless {@code refold.waitForBuilds} is set: it is listed in
     * {@link MigrateResult#buildingElsewhere()}, and {@link #isReady(String)} says false for it until its swap.
     */
    public MigrateResult migrate() {
        return engine.migrate();
    }

    /**
     * Whether this instance may serve {@code projection}: its live read model was built from this instance's
     * declaration (version and checksum) and has not failed. False while another instance builds the version this
     * code declares; true on old code until a newer version is swapped in. For readiness probes.
     */
    public boolean isReady(String projection) {
        return engine.isReady(projection);
    }

    /** Every projection's state. Changes nothing. */
    public InfoResult info() {
        return engine.info();
    }

    /**
     * What {@link #migrate()} would do now, per projection: the action and why, the events it would replay, and an
     * ETA from the projection's last timed build (or a stated default rate). Changes nothing, not even creating
     * Refold's tables.
     */
    public PlanResult plan() {
        return engine.plan();
    }

    /** Throws {@link ValidationException} naming each projection that is CHANGED, FAILED, FUTURE or lacks its DDL. */
    public void validate() {
        ValidateResult result = validateWithResult();
        if (!result.valid()) {
            throw new ValidationException(result);
        }
    }

    /** As {@link #validate()}, but returns the result instead of throwing. Changes nothing. */
    public ValidateResult validateWithResult() {
        return engine.validate();
    }

    /** Realigns the recorded checksums of CHANGED projections and removes failed history entries. */
    public RepairResult repair() {
        return engine.repair();
    }

    /** Rebuilds one projection from the whole log, whatever its state, and swaps it in. */
    public BuildResult rebuild(String projection) {
        return engine.rebuild(projection);
    }

    /**
     * The CI check, on this (scratch) database: builds every projection from scratch, then again in small
     * batches with restarts, and compares the two by digest. Leaves the live read models untouched.
     */
    public VerifyResult verify() {
        return engine.verify();
    }

    /**
     * Appends the events of an NDJSON file (one JSON object per line: streamId, type, typeVersion, payload,
     * and optionally metadata and eventId), as {@code verify} loads its fixtures. Importing a file twice
     * appends nothing the second time. Returns what it read, appended and skipped as already stored.
     */
    public ImportResult importEvents(Path ndjson) {
        return engine.importEvents(ndjson);
    }

    /** Keeps every CURRENT projection caught up with new events until {@link #stop()}. */
    public void start() {
        engine.start();
    }

    public void stop() {
        engine.stop();
    }

    /** The data source Refold uses (the embedded server's, when no URL is configured). */
    public DataSource dataSource() {
        return engine.dataSource();
    }

    /** The JDBC URL in use, without credentials. */
    public String url() {
        return engine.url();
    }

    @Override
    public void close() {
        engine.close();
    }
}

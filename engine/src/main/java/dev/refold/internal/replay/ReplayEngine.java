package dev.refold.internal.replay;

import dev.refold.ProjectionBuildException;
import dev.refold.internal.db.Database;
import dev.refold.internal.db.Identifiers;
import dev.refold.internal.history.Checkpoints;
import dev.refold.internal.isolation.HandlerIsolation;
import dev.refold.internal.listener.Listeners;
import dev.refold.internal.log.CommitSafeLog;
import dev.refold.internal.log.EventCodec;
import dev.refold.internal.projection.ProjectionDefinition;
import org.jooq.conf.MappedSchema;
import org.jooq.conf.RenderMapping;
import org.jooq.conf.Settings;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * Streams the log into one target of one projection: the entry point of a replay, which owns its two connections
 * (one reads the log in commit-safe order, {@link CommitSafeLog}; one writes) and leaves them clean; the run loop
 * is {@link ReplayRun}. Each batch commits the read-model rows and the checkpoint together, so an interrupted
 * replay resumes exactly where it stopped.
 */
public final class ReplayEngine {
    /**
     * A fold or write-behind checkpoints when its row budget is full, and at least every this many batches' worth
     * of events, so that a crash during a long rebuild over few keys does not lose it all.
     */
    static final int CHECKPOINT_BATCH_FACTOR = 1000;
    /**
     * Read and decode the log ahead of the handlers, and send their deferred writes while the handlers compute
     * the next ones (see DecodedLog and DeferredStatements).
     */
    static final ExecutorService THREADS = Executors.newCachedThreadPool(r -> {
        Thread thread = new Thread(r, "refold-replay");
        thread.setDaemon(true);
        return thread;
    });

    final Database database;
    final CommitSafeLog log;
    final Checkpoints checkpoints;
    final EventCodec codec;
    final int foldBufferRows;
    final int writeBehindRows;
    final boolean writeBehind;
    /** Where builds, batches and failures are reported. */
    final Listeners listeners;
    /** How long migrate, rebuild and verify wait for appends in flight that hold the horizon back. */
    final Duration horizonTimeout;

    public ReplayEngine(Database database, String refoldSchema, Checkpoints checkpoints, EventCodec codec, int foldBufferRows,
                        int writeBehindRows, boolean writeBehind, Listeners listeners, Duration horizonTimeout) {
        this.listeners = listeners;
        this.horizonTimeout = horizonTimeout;
        this.database = database;
        this.log = new CommitSafeLog(refoldSchema);
        this.checkpoints = checkpoints;
        this.codec = codec;
        this.foldBufferRows = foldBufferRows;
        this.writeBehindRows = writeBehindRows;
        this.writeBehind = writeBehind;
    }

    private ReplayEngine(ReplayEngine template, int rows) {
        this.database = template.database;
        this.log = template.log;
        this.checkpoints = template.checkpoints;
        this.codec = template.codec;
        this.foldBufferRows = rows;
        this.writeBehindRows = rows;
        this.writeBehind = template.writeBehind;
        this.listeners = template.listeners;
        this.horizonTimeout = template.horizonTimeout;
    }

    /** The commit-safe reads of the log this engine replays from. */
    public CommitSafeLog log() {
        return log;
    }

    /** Where builds, batches and failures are reported. */
    public Listeners listeners() {
        return listeners;
    }

    /**
     * The same engine with another row budget for folds and write-behind alike: {@code verify} uses a tiny one to
     * exercise every flush path.
     */
    public ReplayEngine withRowBudgets(int rows) {
        return new ReplayEngine(this, rows);
    }

    /**
     * Applies events after the target's checkpoint until the log is caught up, or until {@code maxBatches}
     * batches were committed. With {@code reportProgress} (migrate, rebuild, verify) caught up also means every
     * event committed before the call, waiting up to {@code refold.horizonTimeout} for appends in flight.
     */
    public ReplayOutcome apply(ProjectionDefinition projection, ReplayTarget target, int batchSize, long maxBatches,
                               boolean reportProgress) {
        try (Connection reader = database.connection(); Connection writer = database.connection()) {
            reader.setAutoCommit(false);
            writer.setAutoCommit(false);
            try {
                prepareWriter(writer, target);
                // isolation: from here on the writer's session runs as the projection's role
                HandlerIsolation isolation = HandlerIsolation.enter(writer, projection.name(), target.schema());
                ReplayRun run = new ReplayRun(this, projection, target, batchSize, maxBatches, reader, writer, reportProgress,
                        isolation);
                try {
                    return run.execute();
                } finally {
                    run.deferred().clear(); // the sender thread may still hold the writer
                    writer.rollback();
                    run.deferred().deallocate();
                    writer.commit(); // the function's DROP is transactional: keep it
                }
            } finally {
                writer.rollback();
                reader.rollback();
                try (Statement reset = writer.createStatement()) {
                    reset.execute("reset role"); // isolation: RESET ALL leaves the role as it is
                    reset.execute("reset all");
                }
                writer.commit();
            }
        } catch (SQLException e) {
            throw new ProjectionBuildException(projection.name(), projection.version(), null, null,
                    "Projection '" + projection.name() + "' v" + projection.version() + ": database error while replaying: "
                            + e.getMessage(), e);
        }
    }

    private static void prepareWriter(Connection writer, ReplayTarget target) throws SQLException {
        try (Statement s = writer.createStatement()) {
            // Plain SQL in handlers resolves unqualified names in the target schema, as jOOQ's mapping does.
            s.execute("set search_path to " + Identifiers.quote(target.schema()) + ", public");
            if (target.replaying()) {
                // Safe: the checkpoint commits with the rows, and the swap that publishes them commits synchronously.
                s.execute("set synchronous_commit to off");
            }
            // The deferred statements run the same few plans millions of times: plan them once, not per execution.
            s.execute("set plan_cache_mode to force_generic_plan");
        }
        writer.commit();
    }

    static Settings settings(ProjectionDefinition projection, ReplayTarget target) {
        Settings settings = new Settings().withExecuteLogging(false).withRenderSchema(true);
        if (!projection.name().equals(target.schema())) {
            settings.setRenderMapping(new RenderMapping().withSchemata(
                    new MappedSchema().withInput(projection.name()).withOutput(target.schema())));
        }
        return settings;
    }
}

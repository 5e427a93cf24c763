package dev.refold.internal.replay;

import dev.refold.ProjectionBuildException;
import dev.refold.internal.bucket.KeyBuckets;
import dev.refold.internal.history.BucketPlaces;
import dev.refold.internal.history.Checkpoint;
import dev.refold.listener.BatchApplied;
import dev.refold.listener.CaughtUp;
import dev.refold.internal.isolation.HandlerIsolation;
import dev.refold.internal.log.AppendHorizon;
import dev.refold.internal.log.CommitSafeLog.Place;
import dev.refold.internal.log.DecodedLog.Decoded;
import dev.refold.internal.log.DecodedLog;
import dev.refold.internal.log.LogRow;
import dev.refold.internal.projection.FoldBinding;
import dev.refold.internal.projection.HandlerBinding;
import dev.refold.internal.projection.ProjectionDefinition;
import dev.refold.internal.statements.DeferredStatements;
import dev.refold.internal.projection.UpdateCountProof;
import org.jooq.DSLContext;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.jooq.SQLDialect;
import org.jooq.UpdatableRecord;
import org.jooq.impl.DSL;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.time.Duration;
import java.util.Optional;

/**
 * One call of {@link ReplayEngine#apply}: the run loop. It reads the log in passes up to the horizon, hands each
 * pass to a {@link BatchWriter}, and moves the checkpoint over unhandled events at the end of a pass. What the
 * writers share lives here: calling the handlers for an event, moving the checkpoint, counting batches.
 */
final class ReplayRun {
    private static final Logger LOG = LoggerFactory.getLogger(ReplayRun.class);
    private final ReplayEngine engine;
    private final ProjectionDefinition projection;
    private final ReplayTarget target;
    private final int batchSize;
    private final long maxBatches;
    private final Connection reader;
    private final Connection writer;
    /** Runs statements at once, on the writer. */
    private final DSLContext dsl;
    /** Defers every update; handlers write through it during a replay. */
    private final DSLContext deferredDsl;
    private final DeferredStatements deferred;
    private final boolean reportProgress;
    /** The writer runs as the projection's role; Refold's own statements on it step out of it first. */
    private final HandlerIsolation isolation;
    private CheckpointCursor cursor;
    /** For {@link BatchApplied}: the head as last read, and when the previous batch committed. */
    private volatile long knownHead;
    private long lastCommitNanos = System.nanoTime();
    /** A live fold's column defaults, read when its first new row is made. */
    private FoldDefaults foldDefaults;
    private ReplayProgress progress;
    private long batches;

    ReplayRun(ReplayEngine engine, ProjectionDefinition projection, ReplayTarget target, int batchSize, long maxBatches,
              Connection reader, Connection writer, boolean reportProgress, HandlerIsolation isolation) {
        this.engine = engine;
        this.isolation = isolation;
        this.projection = projection;
        this.target = target;
        this.batchSize = batchSize;
        this.maxBatches = maxBatches;
        this.reader = reader;
        this.writer = writer;
        this.reportProgress = reportProgress;
        this.dsl = DSL.using(writer, SQLDialect.POSTGRES, ReplayEngine.settings(projection, target));
        this.deferred = new DeferredStatements(writer, ReplayEngine.THREADS);
        this.deferredDsl = DSL.using(deferred.connection(), SQLDialect.POSTGRES, ReplayEngine.settings(projection, target));
    }

    ReplayOutcome execute() throws SQLException {
        isolation.asRefold(writer);
        Checkpoint start = engine.checkpoints.find(writer, projection.name(), target.target(), false)
                .orElseThrow(() -> new IllegalStateException("no checkpoint for " + projection.name() + "/" + target.target()));
        writer.commit();
        cursor = new CheckpointCursor(start.lastTransactionId(), start.lastPosition(), this::batchCommitted);
        BatchWriter batchWriter = chooseWriter();
        // migrate, rebuild and verify (the calls that report progress) return only with every event committed before them
        AppendHorizon.Wait committed = reportProgress
                ? engine.log.appendHorizon().untilCommittedBefore(engine.database, engine.horizonTimeout) : null;
        progress = reportProgress ? new ReplayProgress(label(), cursor.position(), engine.log.head(reader),
                target.replaying() ? new ReplayProgress.Build(projection.name(), projection.version(), engine.listeners) : null) : null;
        while (true) {
            long horizon = engine.log.horizon(reader);
            if (engine.listeners.active()) {
                knownHead = engine.log.head(reader);
            }
            long before = cursor.applied();
            boolean complete;
            try {
                complete = pass(horizon, batchWriter);
            } catch (WriteBehindAbandoned restart) {
                batchWriter = new StatementBatches(this); // from the last commit, statement by statement
                continue;
            }
            if (!complete) {
                return new ReplayOutcome(cursor.applied(), cursor.position(), false, cursor.writesHeld());
            }
            skipToHorizon(horizon);
            if (cursor.applied() - before < batchSize) {
                if (committed == null || committed.passed(horizon)) {
                    engine.listeners.caughtUp(new CaughtUp(projection.name(), projection.version(), target.replaying(), cursor.position()));
                    return new ReplayOutcome(cursor.applied(), cursor.position(), true, cursor.writesHeld());
                }
                String heldBack = committed.pause();
                if (heldBack != null) {
                    throw new ProjectionBuildException(projection.name(), projection.version(), null, null,
                            "Projection '" + projection.name() + "' v" + projection.version() + ": " + heldBack, null);
                }
            }
        }
    }

    /**
     * Whether update counts must be PostgreSQL's (see {@link DeferredStatements#exactCounts(boolean)}): unless the
     * handlers' bytecode proves they are dropped, or the projection promised it; never for a target that checks
     * the promise.
     */
    private void chooseCounts() {
        String why;
        boolean exact;
        if (target.exactCounts()) {
            exact = true;
            why = "this build checks that counts are not read";
        } else if (projection.ignoresUpdateCounts()) {
            exact = false;
            why = "the projection declares ignoresUpdateCounts()";
        } else {
            UpdateCountProof.Verdict proof = projection.countProof();
            exact = proof.countsRead();
            why = (exact ? "counts may be read: " : "proved: ") + proof.reason();
        }
        deferred.exactCounts(exact);
        LOG.debug("Update counts for {} into {}: {} ({})", projection.name(), target.schema(),
                exact ? "exact (writes whose count is unknown run at once)" : "not read (every write deferred)", why);
    }

    private BatchWriter chooseWriter() throws SQLException {
        chooseCounts();
        if (target.bulk() && projection.fold() != null) {
            return FoldBatches.open(this);
        }
        if (target.bulk() && engine.writeBehind) {
            WriteBehindBatches held = WriteBehindBatches.open(this);
            if (held != null) {
                return held;
            }
        }
        return new StatementBatches(this);
    }

    private String label() {
        return (target.replaying() ? "Rebuilding " : "Catching up ") + projection.name() + " v" + projection.version();
    }

    /** Returns false when it stopped at {@code maxBatches}. */
    private boolean pass(long horizon, BatchWriter batchWriter) throws SQLException {
        try (PreparedStatement query = engine.log.events(reader, cursor.committed(), horizon, projection.handledTypeNames(), batchSize);
             DecodedLog log = new DecodedLog(query, batchSize, batchWriter.decodeAhead() ? this::decode : null, ReplayEngine.THREADS)) {
            return batchWriter.write(log);
        } finally {
            reader.commit();
        }
    }

    /** Moves the checkpoint over the events this projection does not handle, up to the horizon. */
    private void skipToHorizon(long horizon) throws SQLException {
        isolation.asRefold(writer); // the log is Refold's: the projection's role cannot read it
        Optional<Place> last = engine.log.last(writer, cursor.committed(), horizon);
        if (last.isPresent()) {
            Place to = last.get();
            advance(cursor.committed(), to, 0);
            cursor.skipTo(to);
        }
        writer.commit();
    }

    /** A batch committed: the listeners hear of it (the starter's meters count it). On the committing thread. */
    private void batchCommitted(LogRow last, long events) {
        if (engine.listeners.active()) {
            long now = System.nanoTime();
            engine.listeners.batchApplied(new BatchApplied(projection.name(), projection.version(), target.replaying(), (int) events,
                    last.position(), last.recordedAt(), Math.max(knownHead, last.position()), Duration.ofNanos(now - lastCommitNanos)));
            lastCommitNanos = now;
        }
    }

    /** Moves the checkpoint in the writer's transaction, or rolls back if someone else moved it first. */
    void advance(Place from, LogRow to, long events) throws SQLException {
        advance(from, new Place(to.transactionId(), to.position()), events);
    }

    private void advance(Place from, Place to, long events) throws SQLException {
        isolation.asRefold(writer);
        if (!engine.checkpoints.advance(writer, projection.name(), target.target(), from.transactionId(), from.position(),
                to.transactionId(), to.position(), events)) {
            writer.rollback();
            throw new ProjectionBuildException(projection.name(), projection.version(), null, null,
                    "Projection '" + projection.name() + "': its checkpoint moved past position " + from.position()
                            + " under this writer (another instance applied those events); nothing was applied twice", null);
        }
    }

    /** How far each bucket of this target got beyond its checkpoint in an earlier, interrupted run. */
    BucketPlaces bucketPlaces() throws SQLException {
        isolation.asRefold(writer);
        BucketPlaces places = engine.checkpoints.buckets(writer, projection.name(), target.target());
        writer.commit();
        return places;
    }

    /** Records, in the writer's transaction with the range's rows, that {@code range} is applied up to {@code to}. */
    void advanceBuckets(KeyBuckets.Range range, LogRow to) throws SQLException {
        isolation.asRefold(writer);
        engine.checkpoints.advanceBuckets(writer, projection.name(), target.target(), range.first(), range.last(),
                to.transactionId(), to.position());
    }

    /** Every range reached {@code to}: the checkpoint moves there, and the buckets' own places go, in the writer's transaction. */
    void advancePastBuckets(Place from, LogRow to, long events) throws SQLException {
        advance(from, to, events);
        engine.checkpoints.clearBuckets(writer, projection.name(), target.target());
    }

    /**
     * The log's highest position, on a connection of its own: the reader is busy with a pass, and the writer's
     * transaction may hold a handler's writes that must commit with the checkpoint, not before it.
     */
    long head() throws SQLException {
        try (Connection connection = engine.database.connection()) {
            connection.setAutoCommit(false);
            return engine.log.head(connection);
        }
    }

    /** Counts a batch; true when the batch limit is reached. */
    boolean batchDone() {
        return ++batches >= maxBatches;
    }

    /** Write-behind was abandoned: the batches since the last commit are applied, and counted, again. */
    void restartBatchCount() {
        batches = 0;
    }

    void progress(long applied, long position) {
        if (progress != null) {
            progress.update(applied, position);
        }
    }

    /** Runs the event's handlers (and, live, its fold step) against {@code context}. */
    void apply(Decoded decoded, DSLContext context) {
        LogRow row = decoded.row();
        Object event = eventOf(decoded);
        if (projection.fold() != null) {
            applyFoldLive(row, event, context);
        }
        ReplayContext eventContext = context(row, context);
        for (HandlerBinding binding : projection.handlers().get(row.type())) {
            if (binding.liveOnly() && target.replaying()) {
                continue;
            }
            HandlerInvoker.invoke(() -> binding.handler().handle(event, eventContext));
        }
    }

    /** Live (and small) increments of a fold: load the key's row, apply, upsert. */
    private void applyFoldLive(LogRow row, Object event, DSLContext context) {
        FoldBinding fold = projection.fold();
        FoldBinding.Step step = fold.step(row.type());
        if (step == null) {
            return;
        }
        Object key = fold.normalise(step.keyOf(event));
        UpdatableRecord<?> found = context.selectFrom(fold.table()).where(fold.keyField().eq(key)).fetchOne();
        if (found == null && foldDefaults == null) {
            foldDefaults = FoldDefaults.read(fold, context, target.schema());
        }
        UpdatableRecord<?> current = found != null ? found : foldDefaults.newRow(key, context);
        HandlerInvoker.invoke(() -> step.handler().apply(current, event, context(row, context)));
        current.changed(true); // the upsert must carry every column, the key included, not just those the handler touched
        context.insertInto(fold.table()).set(current).onConflict(fold.keyField()).doUpdate().set(current).execute();
    }

    ReplayContext context(LogRow row, DSLContext context) {
        return new ReplayContext(row, context, target.replaying(), engine.codec);
    }

    Object eventOf(Decoded given) {
        Decoded decoded = given.ready() ? given : decode(given.row());
        if (decoded.failure() != null) {
            throw new HandlerInvoker.HandlerFailure(decoded.failure());
        }
        return decoded.event();
    }

    private Decoded decode(LogRow row) {
        try {
            return new Decoded(row, engine.codec.decode(row.position(), row.type(), row.typeVersion(), row.payloadJson(), false), null, true);
        } catch (RuntimeException e) {
            // An upcaster's own exception, too: reported with the event's position like a payload that cannot be read.
            return new Decoded(row, null, e, true);
        }
    }

    ProjectionBuildException failure(LogRow row, RuntimeException e) {
        return HandlerInvoker.failure(projection, row, e);
    }

    /** A fold or write-behind checkpoints at least every this many events, whatever its row budget. */
    long eventsPerCheckpoint() {
        return (long) batchSize * ReplayEngine.CHECKPOINT_BATCH_FACTOR;
    }

    int foldBufferRows() {
        return engine.foldBufferRows;
    }

    int writeBehindRows() {
        return engine.writeBehindRows;
    }

    ProjectionDefinition projection() {
        return projection;
    }

    ReplayTarget target() {
        return target;
    }

    Connection writer() {
        return writer;
    }

    DSLContext dsl() {
        return dsl;
    }

    DSLContext deferredDsl() {
        return deferredDsl;
    }

    DeferredStatements deferred() {
        return deferred;
    }

    CheckpointCursor cursor() {
        return cursor;
    }
}

package dev.refold.internal.replay;

import dev.refold.ProjectionBuildException;
import dev.refold.internal.db.Database;
import dev.refold.internal.db.Identifiers;
import dev.refold.internal.history.Checkpoint;
import dev.refold.internal.history.Checkpoints;
import dev.refold.internal.log.AppendHorizon;
import dev.refold.internal.log.EventCodec;
import dev.refold.internal.log.LogRow;
import dev.refold.internal.log.EventDecodingException;
import dev.refold.internal.log.StoredEvents;
import dev.refold.internal.projection.FoldBinding;
import dev.refold.internal.projection.HandlerBinding;
import dev.refold.internal.projection.ProjectionDefinition;
import dev.refold.internal.replay.DecodedLog.Decoded;
import dev.refold.internal.replay.writebehind.HeldRows;
import dev.refold.internal.replay.writebehind.WriteBehind;
import org.jooq.DSLContext;
import org.jooq.SQLDialect;
import org.jooq.conf.MappedSchema;
import org.jooq.conf.RenderMapping;
import org.jooq.conf.Settings;
import org.jooq.impl.DSL;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;

/**
 * Streams the log into one target of one projection. Events are read in (append key, position) order and only
 * below the {@link AppendHorizon}: every append below it has ended, so no event can later appear behind the
 * checkpoint, whatever the commit order was. Each batch commits the
 * read-model rows and the checkpoint together, so an interrupted replay resumes exactly where it stopped.
 */
public final class ReplayEngine {
    private static final Logger LOG = LoggerFactory.getLogger(ReplayEngine.class);
    /**
     * A fold flushes when its row budget is full, and at least every this many batches' worth of events, so
     * that a crash during a long rebuild over few keys does not lose it all.
     */
    private static final int FOLD_BATCH_FACTOR = 1000;
    /** Rows per round trip of the log cursor: large enough that fetching is not where a replay waits. */
    private static final int FETCH_SIZE = 5000;
    /**
     * Read and decode the log ahead of the handlers, and send their deferred writes while the handlers compute
     * the next ones (see DecodedLog and DeferredStatements).
     */
    private static final java.util.concurrent.ExecutorService THREADS = java.util.concurrent.Executors.newCachedThreadPool(r -> {
        Thread thread = new Thread(r, "refold-replay");
        thread.setDaemon(true);
        return thread;
    });

    private final Database database;
    private final String events;
    private final Checkpoints checkpoints;
    private final EventCodec codec;
    /** Also the budget of rows write-behind holds. */
    private final int foldBufferRows;
    private final boolean writeBehindEnabled;
    private final AppendHorizon appendHorizon;
    private final java.time.Duration horizonTimeout;

    public ReplayEngine(Database database, String refoldSchema, Checkpoints checkpoints, EventCodec codec, int foldBufferRows,
                        boolean writeBehind, java.time.Duration horizonTimeout) {
        this.appendHorizon = new AppendHorizon(refoldSchema);
        this.horizonTimeout = horizonTimeout;
        this.database = database;
        this.events = Identifiers.quote(refoldSchema) + ".events";
        this.checkpoints = checkpoints;
        this.codec = codec;
        this.foldBufferRows = foldBufferRows;
        this.writeBehindEnabled = writeBehind;
    }

    private ReplayEngine(ReplayEngine template, int foldBufferRows) {
        this.database = template.database;
        this.events = template.events;
        this.checkpoints = template.checkpoints;
        this.codec = template.codec;
        this.foldBufferRows = foldBufferRows;
        this.writeBehindEnabled = template.writeBehindEnabled;
        this.appendHorizon = template.appendHorizon;
        this.horizonTimeout = template.horizonTimeout;
    }

    /** The same engine with another fold row budget: {@code verify} uses a tiny one to exercise every flush path. */
    public ReplayEngine withFoldBufferRows(int rows) {
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
                Run run = new Run(projection, target, batchSize, maxBatches, reader, writer, reportProgress);
                try {
                    return run.execute();
                } finally {
                    run.deferred.clear(); // the sender thread may still hold the writer
                    writer.rollback();
                    run.deferred.deallocate();
                    writer.commit(); // the function's DROP is transactional: keep it
                }
            } finally {
                writer.rollback();
                reader.rollback();
                try (Statement reset = writer.createStatement()) {
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

    /** One call of {@link #apply}: its connections, its position and its counters. */
    private final class Run {
        private final ProjectionDefinition projection;
        private final ReplayTarget target;
        private final int batchSize;
        private final long maxBatches;
        private final Connection reader;
        private final Connection writer;
        private final DSLContext dsl;
        /** Handlers write through this one during a replay; {@link #dsl} runs statements at once. */
        private DSLContext deferredDsl;
        /** {@link #deferredDsl} without write-behind's listeners: the one it goes back to when write-behind is abandoned. */
        private final DSLContext plainDeferredDsl;
        private final DeferredStatements deferred;
        private final boolean reportProgress;
        private FoldBuffer foldBuffer;
        /** A handler-style rebuild's rows held in memory; null when nothing is held, or after it was abandoned. */
        private WriteBehind writeBehind;
        /** Events applied since write-behind's last checkpoint (their rows are held, or not yet committed). */
        private long sinceCheckpoint;
        private LogRow lastApplied;
        /** Held writes committed so far: added on the sender thread after each commit. */
        private volatile long writesHeld;
        // What is committed: written by the sender thread, read by the replay thread after it waited for it.
        private volatile long transactionId;
        private volatile long position;
        private volatile long applied;
        // What is handed to the sender thread, committed or not.
        private long submittedTransactionId;
        private long submittedPosition;
        private long submittedApplied;
        /** Batches handed to the sender thread whose commit is not known yet, oldest first. */
        private final java.util.ArrayDeque<List<Decoded>> unconfirmed = new java.util.ArrayDeque<>();
        private long batches;

        Run(ProjectionDefinition projection, ReplayTarget target, int batchSize, long maxBatches, Connection reader,
            Connection writer, boolean reportProgress) {
            this.projection = projection;
            this.target = target;
            this.batchSize = batchSize;
            this.maxBatches = maxBatches;
            this.reader = reader;
            this.writer = writer;
            this.reportProgress = reportProgress;
            this.dsl = DSL.using(writer, SQLDialect.POSTGRES, settings(projection, target));
            this.deferred = new DeferredStatements(writer, THREADS);
            this.plainDeferredDsl = DSL.using(deferred.connection(), SQLDialect.POSTGRES, settings(projection, target));
            this.deferredDsl = plainDeferredDsl;
        }


        ReplayOutcome execute() throws SQLException {
            Checkpoint start = checkpoints.find(writer, projection.name(), target.target(), false)
                    .orElseThrow(() -> new IllegalStateException("no checkpoint for " + projection.name() + "/" + target.target()));
            writer.commit();
            transactionId = start.lastTransactionId();
            position = start.lastPosition();
            submittedTransactionId = transactionId;
            submittedPosition = position;
            if (projection.fold() != null && target.replaying()) {
                foldBuffer = new FoldBuffer(projection.fold(), target.schema(), tableHasRows());
            }
            if (projection.fold() == null && target.replaying() && writeBehindEnabled) {
                openWriteBehind();
            }
            ReplayProgress progress = reportProgress ? new ReplayProgress(label(), position, head()) : null;
            AppendHorizon.Wait committed = reportProgress ? appendHorizon.untilCommittedBefore(database, horizonTimeout) : null;
            while (true) {
                long horizon = horizon();
                long before = applied;
                boolean complete;
                try {
                    complete = pass(horizon, progress);
                } catch (WriteBehindAbandoned restart) {
                    continue; // from the last commit, statement by statement
                }
                if (!complete) {
                    return new ReplayOutcome(applied, position, false, writesHeld);
                }
                skipToHorizon(horizon);
                if (applied - before < batchSize) {
                    if (committed == null || committed.passed(horizon)) {
                        return new ReplayOutcome(applied, position, true, writesHeld);
                    }
                    String heldBack = committed.pause();
                    if (heldBack != null) {
                        throw new ProjectionBuildException(projection.name(), projection.version(), null, null,
                                "Projection '" + projection.name() + "' v" + projection.version() + ": " + heldBack, null);
                    }
                }
            }
        }

        private String label() {
            return (target.replaying() ? "Rebuilding " : "Catching up ") + projection.name() + " v" + projection.version();
        }

        /** Returns false when it stopped at {@code maxBatches}. */
        private boolean pass(long horizon, ReplayProgress progress) throws SQLException {
            List<String> types = projection.handledTypeNames();
            // Order by the table's columns (e.), not the selected bigint casts of the same name: only then does the
            // (transaction_id, position) index serve the order, instead of a sort of the whole log.
            try (PreparedStatement query = reader.prepareStatement("select " + StoredEvents.COLUMNS + " from " + events + " e"
                    + " where (e.transaction_id, e.position) > (?::xid8, ?) and e.transaction_id < ?::xid8 and e.event_type = any(?)"
                    + " order by e.transaction_id, e.position")) {
                query.setFetchSize(Math.max(batchSize, FETCH_SIZE));
                // Binary results from the first execution: the server need not format, nor the driver parse, the
                // numbers, uuids and timestamps of every row as text.
                query.unwrap(org.postgresql.PGStatement.class).setPrepareThreshold(-1);
                query.setString(1, Long.toString(transactionId));
                query.setLong(2, position);
                query.setString(3, Long.toString(horizon));
                query.setArray(4, reader.createArrayOf("text", types.toArray()));
                try (DecodedLog log = new DecodedLog(query, batchSize, foldBuffer != null ? null : this::decode, THREADS)) {
                    if (foldBuffer != null) {
                        return foldPass(log, progress);
                    }
                    return writeBehind != null ? heldPass(log, progress) : handlerPass(log, progress);
                }
            } finally {
                reader.commit();
            }
        }

        /**
         * A rebuild commits each batch on the sender thread while the handlers run the next one; a live
         * catch-up commits each batch before the next, as its handlers may have side effects.
         */
        private boolean handlerPass(DecodedLog log, ReplayProgress progress) throws SQLException {
            List<Decoded> batch;
            while ((batch = log.next()) != null) {
                commit(batch);
                if (!target.replaying()) {
                    settle();
                }
                batches++;
                if (progress != null) {
                    progress.update(submittedApplied, submittedPosition);
                }
                if (batches >= maxBatches) {
                    settle();
                    return false;
                }
            }
            settle();
            return true;
        }

        private void openWriteBehind() throws SQLException {
            try {
                writeBehind = WriteBehind.open(writer, target.schema(), projection.name());
            } catch (SQLException unreadable) {
                // only an optimisation: without it every statement goes to the database
                LOG.debug("Write-behind for {} not started: {}", projection.name(), unreadable.toString());
                writeBehind = null;
                writer.rollback();
            }
            writer.commit();
            if (writeBehind != null) {
                deferredDsl = DSL.using(writeBehind.attach(plainDeferredDsl.configuration().derive()));
                deferred.writeBehind(writeBehind);
            }
        }

        /**
         * A handler-style rebuild with write-behind: as {@link #handlerPass}, except that held rows and the
         * checkpoint commit together only at write-behind's checkpoints, when the held rows are copied in. Any
         * failure abandons write-behind: the transaction rolls back, and the events since the last commit are
         * replayed without it, which either names the event at fault or shows the fault was write-behind's.
         */
        private boolean heldPass(DecodedLog log, ReplayProgress progress) throws SQLException {
            try {
                List<Decoded> batch;
                while ((batch = log.next()) != null) {
                    for (Decoded decoded : batch) {
                        apply(decoded, deferredDsl);
                    }
                    writeBehind.throwIfBroken();
                    lastApplied = batch.get(batch.size() - 1).row();
                    sinceCheckpoint += batch.size();
                    batches++;
                    if (writeBehind.heldRows() >= foldBufferRows || sinceCheckpoint >= (long) batchSize * FOLD_BATCH_FACTOR) {
                        checkpointHeld();
                    }
                    if (progress != null) {
                        progress.update(submittedApplied + sinceCheckpoint, lastApplied.position());
                    }
                    if (batches >= maxBatches) {
                        checkpointHeld();
                        deferred.flush();
                        return false;
                    }
                }
                checkpointHeld();
                deferred.flush();
                return true;
            } catch (RuntimeException | SQLException failure) {
                throw abandonWriteBehind(failure);
            }
        }

        /** Copies the held rows in and commits them with the checkpoint, on the sender thread. */
        private void checkpointHeld() throws SQLException {
            if (sinceCheckpoint == 0) {
                return;
            }
            HeldRows rows = writeBehind.detach();
            long held = writeBehind.takeWritesHeld();
            long fromTransaction = submittedTransactionId;
            long fromPosition = submittedPosition;
            long events = sinceCheckpoint;
            LogRow last = lastApplied;
            deferred.flushThen(() -> {
                rows.copyInto(writer);
                advance(fromTransaction, fromPosition, last.transactionId(), last.position(), events);
                writer.commit();
                confirm(last, events);
                writesHeld += held;
            });
            submittedTransactionId = last.transactionId();
            submittedPosition = last.position();
            submittedApplied += events;
            sinceCheckpoint = 0;
        }

        /**
         * Rolls back to the last commit and turns write-behind off for the rest of this replay. A failure that is
         * not about the events (the checkpoint moved under this writer) is passed on as it is.
         */
        private RuntimeException abandonWriteBehind(Exception cause) throws SQLException {
            deferred.clear();
            writer.rollback();
            if (cause instanceof ProjectionBuildException notAboutTheEvents) {
                throw notAboutTheEvents;
            }
            LOG.debug("Write-behind for {} abandoned after position {} ({}); replaying from position {} without it",
                    projection.name(), lastApplied == null ? position : lastApplied.position(), cause.toString(), position);
            writeBehind = null;
            deferred.writeBehind(null);
            batches = 0; // counted again from the last commit, whose batches are applied again
            deferredDsl = plainDeferredDsl;
            sinceCheckpoint = 0;
            submittedTransactionId = transactionId;
            submittedPosition = position;
            submittedApplied = applied;
            return new WriteBehindAbandoned();
        }

        /**
         * A fold-style rebuild: rows stay in memory and the checkpoint moves only when they are flushed, so
         * rows and checkpoint still commit together.
         */
        private boolean foldPass(DecodedLog log, ReplayProgress progress) throws SQLException {
            long sinceFlush = 0;
            LogRow last = null;
            List<Decoded> batch;
            while ((batch = log.next()) != null) {
                for (Decoded decoded : batch) {
                    last = decoded.row();
                    try {
                        foldInto(decoded, foldBuffer, dsl);
                    } catch (RuntimeException e) {
                        writer.rollback();
                        throw failure(last, e);
                    }
                    sinceFlush++;
                    if (foldBuffer.size() >= foldBufferRows || sinceFlush >= (long) batchSize * FOLD_BATCH_FACTOR) {
                        flushFold(last, sinceFlush);
                        sinceFlush = 0;
                        if (progress != null) {
                            progress.update(applied, position);
                        }
                        if (++batches >= maxBatches) {
                            return false;
                        }
                    }
                }
            }
            if (sinceFlush > 0) {
                flushFold(last, sinceFlush);
                batches++;
            }
            return true;
        }

        private void flushFold(LogRow last, long events) throws SQLException {
            foldBuffer.flush(writer);
            advance(transactionId, position, last.transactionId(), last.position(), events);
            writer.commit();
            confirm(last, events);
        }

        private void foldInto(Decoded decoded, FoldBuffer buffer, DSLContext context) {
            LogRow row = decoded.row();
            Object event = eventOf(decoded);
            FoldBinding.Step step = projection.fold().step(row.type());
            if (step == null) {
                return; // a type only onLive handles
            }
            ReplayContext eventContext = new ReplayContext(row, context, target.replaying(), codec);
            try {
                step.handler().apply(buffer.row(step.keyOf(event), context), event, eventContext);
            } catch (RuntimeException e) {
                throw e;
            } catch (Exception e) {
                throw new HandlerFailure(e);
            }
        }

        /**
         * Runs the batch's handlers with deferred writes and hands the sending, the checkpoint and the commit to
         * the sender thread. Writes fail only when sent, far from their event, and abort the transaction; then
         * the batches not yet committed are replayed one statement at a time, which names the event at fault.
         */
        private void commit(List<Decoded> batch) throws SQLException {
            LogRow last = batch.get(batch.size() - 1).row();
            dropConfirmed();
            unconfirmed.addLast(batch);
            try {
                for (Decoded decoded : batch) {
                    apply(decoded, deferredDsl);
                }
                long fromTransaction = submittedTransactionId;
                long fromPosition = submittedPosition;
                int events = batch.size();
                deferred.flushThen(() -> {
                    advance(fromTransaction, fromPosition, last.transactionId(), last.position(), events);
                    writer.commit();
                    confirm(last, events);
                });
            } catch (RuntimeException | SQLException deferredFailure) {
                recover(deferredFailure);
                return;
            }
            submittedTransactionId = last.transactionId();
            submittedPosition = last.position();
            submittedApplied += batch.size();
        }

        /** Waits until everything handed to the sender thread is committed, recovering as {@link #commit} does. */
        private void settle() throws SQLException {
            try {
                deferred.flush();
            } catch (RuntimeException | SQLException deferredFailure) {
                recover(deferredFailure);
            }
            unconfirmed.clear();
        }

        /**
         * After a failure: rolls back, then replays one statement at a time every batch whose commit did not
         * happen, in order, so that a handler's or a write's failure is reported with its event. A failure that
         * is not about the events (the checkpoint moved under this writer) is passed on as it is: replaying
         * would run the handlers, and a live one's side effects, again for nothing.
         */
        private void recover(Exception cause) throws SQLException {
            deferred.clear();
            writer.rollback();
            if (cause instanceof ProjectionBuildException notAboutTheEvents) {
                throw notAboutTheEvents;
            }
            dropConfirmed();
            boolean replayed = false;
            while (!unconfirmed.isEmpty()) {
                applyOneByOne(unconfirmed.removeFirst());
                replayed = true;
            }
            if (replayed) {
                // The same events applied without deferral: the fast path, not a handler, was at fault.
                deferred.distrustFunction();
            }
        }

        /**
         * The batches handed over commit in order: forgets those up to the one the checkpoint ends, so that the
         * queue holds a batch or two, not the log. A position names one event, so the position alone says which.
         */
        private void dropConfirmed() {
            long confirmedPosition = position;
            int committed = -1;
            int i = 0;
            for (List<Decoded> batch : unconfirmed) {
                if (batch.get(batch.size() - 1).row().position() == confirmedPosition) {
                    committed = i;
                }
                i++;
            }
            for (int k = 0; k <= committed; k++) {
                unconfirmed.removeFirst();
            }
        }

        private void applyOneByOne(List<Decoded> batch) throws SQLException {
            for (Decoded decoded : batch) {
                try {
                    apply(decoded, dsl);
                } catch (RuntimeException e) {
                    writer.rollback();
                    throw failure(decoded.row(), e);
                }
            }
            LogRow last = batch.get(batch.size() - 1).row();
            advance(transactionId, position, last.transactionId(), last.position(), batch.size());
            writer.commit();
            confirm(last, batch.size());
            submittedTransactionId = transactionId;
            submittedPosition = position;
            submittedApplied = applied;
        }

        /** Records a committed batch; runs on the sender thread, and the replay thread reads it after waiting. */
        private void confirm(LogRow last, long events) {
            transactionId = last.transactionId();
            position = last.position();
            applied += events;
        }

        private Decoded decode(LogRow row) {
            try {
                return new Decoded(row, codec.decode(row.position(), row.type(), row.typeVersion(), row.payloadJson(), false), null, true);
            } catch (RuntimeException e) {
                // An upcaster's own exception, too: reported with the event's position like a payload that cannot be read.
                return new Decoded(row, null, e, true);
            }
        }

        private Object eventOf(Decoded given) {
            Decoded decoded = given.ready() ? given : decode(given.row());
            if (decoded.failure() != null) {
                throw new HandlerFailure(decoded.failure());
            }
            return decoded.event();
        }

        private void apply(Decoded decoded, DSLContext context) {
            LogRow row = decoded.row();
            Object event = eventOf(decoded);
            if (projection.fold() != null) {
                applyFoldLive(row, event, context);
            }
            ReplayContext eventContext = new ReplayContext(row, context, target.replaying(), codec);
            for (HandlerBinding binding : projection.handlers().get(row.type())) {
                if (binding.liveOnly() && target.replaying()) {
                    continue;
                }
                try {
                    binding.handler().handle(event, eventContext);
                } catch (RuntimeException e) {
                    throw e;
                } catch (Exception e) {
                    throw new HandlerFailure(e);
                }
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
            org.jooq.UpdatableRecord<?> current = context.selectFrom(fold.table()).where(fold.keyField().eq(key)).fetchOne();
            if (current == null) {
                current = fold.newRow(key);
            }
            try {
                step.handler().apply(current, event, new ReplayContext(row, context, target.replaying(), codec));
            } catch (RuntimeException e) {
                throw e;
            } catch (Exception e) {
                throw new HandlerFailure(e);
            }
            current.changed(true); // the upsert must carry every column, the key included, not just those the handler touched
            context.insertInto(fold.table()).set(current).onConflict(fold.keyField()).doUpdate().set(current).execute();
        }

        private ProjectionBuildException failure(LogRow row, RuntimeException e) {
            Throwable cause = e instanceof HandlerFailure ? e.getCause() : e;
            String detail = cause instanceof EventDecodingException ? cause.getMessage() : cause.toString();
            return new ProjectionBuildException(projection.name(), projection.version(), row.position(), row.type(),
                    "Projection '" + projection.name() + "' v" + projection.version() + " failed at event position "
                            + row.position() + " (" + row.type() + " v" + row.typeVersion() + ", stream " + row.streamId()
                            + "): " + detail, cause);
        }

        /** Moves the checkpoint in the writer's transaction, or rolls back if someone else moved it first. */
        private void advance(long fromTransactionId, long fromPosition, long toTransactionId, long toPosition, long events)
                throws SQLException {
            if (!checkpoints.advance(writer, projection.name(), target.target(), fromTransactionId, fromPosition, toTransactionId,
                    toPosition, events)) {
                writer.rollback();
                throw new ProjectionBuildException(projection.name(), projection.version(), null, null,
                        "Projection '" + projection.name() + "': its checkpoint moved past position " + fromPosition
                                + " under this writer (another instance applied those events); nothing was applied twice", null);
            }
        }

        /** Moves the checkpoint over the events this projection does not handle, up to the horizon. */
        private void skipToHorizon(long horizon) throws SQLException {
            try (PreparedStatement query = writer.prepareStatement("select e.transaction_id::text::bigint, e.position from " + events
                    + " e where e.transaction_id < ?::xid8 and (e.transaction_id, e.position) > (?::xid8, ?)"
                    + " order by e.transaction_id desc, e.position desc limit 1")) {
                query.setString(1, Long.toString(horizon));
                query.setString(2, Long.toString(transactionId));
                query.setLong(3, position);
                try (ResultSet rs = query.executeQuery()) {
                    if (rs.next()) {
                        advance(transactionId, position, rs.getLong(1), rs.getLong(2), 0);
                        transactionId = rs.getLong(1);
                        position = rs.getLong(2);
                        submittedTransactionId = transactionId;
                        submittedPosition = position;
                    }
                }
            }
            writer.commit();
        }

        private boolean tableHasRows() throws SQLException {
            try (Statement s = writer.createStatement();
                 ResultSet rs = s.executeQuery("select exists (select 1 from " + Identifiers.qualified(target.schema(), projection.fold().table().getName()) + ")")) {
                rs.next();
                return rs.getBoolean(1);
            } finally {
                writer.commit();
            }
        }

        /** Committed at once: the pass's query must take its snapshot after the horizon was computed. */
        private long horizon() throws SQLException {
            try {
                return appendHorizon.horizon(reader);
            } finally {
                reader.commit();
            }
        }

        private long head() throws SQLException {
            try (Statement s = reader.createStatement();
                 ResultSet rs = s.executeQuery("select coalesce(max(position), 0) from " + events)) {
                rs.next();
                return rs.getLong(1);
            } finally {
                reader.commit();
            }
        }
    }

    /** Restarts a pass from the last commit, without write-behind. */
    private static final class WriteBehindAbandoned extends RuntimeException {
        WriteBehindAbandoned() {
            super(null, null, false, false);
        }
    }

    /** Carries a handler's checked exception, or a decoding error, out of jOOQ's batched block. */
    private static final class HandlerFailure extends RuntimeException {
        HandlerFailure(Throwable cause) {
            super(cause);
        }
    }
}

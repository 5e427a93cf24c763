package dev.refold.internal.replay;

import dev.refold.ProjectionBuildException;
import dev.refold.internal.db.Database;
import dev.refold.internal.db.Identifiers;
import dev.refold.internal.history.Checkpoint;
import dev.refold.internal.history.Checkpoints;
import dev.refold.internal.log.EventCodec;
import dev.refold.internal.log.LogRow;
import dev.refold.internal.log.EventDecodingException;
import dev.refold.internal.log.StoredEvents;
import dev.refold.internal.projection.FoldBinding;
import dev.refold.internal.projection.HandlerBinding;
import dev.refold.internal.projection.ProjectionDefinition;
import org.jooq.DSLContext;
import org.jooq.SQLDialect;
import org.jooq.conf.MappedSchema;
import org.jooq.conf.RenderMapping;
import org.jooq.conf.Settings;
import org.jooq.impl.DSL;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;

/**
 * Streams the log into one target of one projection. Events are read in (transaction id, position) order and
 * only below {@code pg_snapshot_xmin(pg_current_snapshot())}: every transaction below that horizon has ended,
 * so no event can later appear behind the checkpoint, whatever the commit order was. Each batch commits the
 * read-model rows and the checkpoint together, so an interrupted replay resumes exactly where it stopped.
 */
public final class ReplayEngine {
    /**
     * A fold flushes when its row budget is full, and at least every this many batches' worth of events, so
     * that a crash during a long rebuild over few keys does not lose it all.
     */
    private static final int FOLD_BATCH_FACTOR = 1000;
    /** Sends deferred handler writes while the replay thread computes the next ones (see DeferredStatements). */
    private static final java.util.concurrent.ExecutorService SENDER = java.util.concurrent.Executors.newCachedThreadPool(r -> {
        Thread thread = new Thread(r, "refold-replay-sender");
        thread.setDaemon(true);
        return thread;
    });

    private final Database database;
    private final String events;
    private final Checkpoints checkpoints;
    private final EventCodec codec;
    private final int foldBufferRows;

    public ReplayEngine(Database database, String refoldSchema, Checkpoints checkpoints, EventCodec codec, int foldBufferRows) {
        this.database = database;
        this.events = Identifiers.quote(refoldSchema) + ".events";
        this.checkpoints = checkpoints;
        this.codec = codec;
        this.foldBufferRows = foldBufferRows;
    }

    private ReplayEngine(ReplayEngine template, int foldBufferRows) {
        this.database = template.database;
        this.events = template.events;
        this.checkpoints = template.checkpoints;
        this.codec = template.codec;
        this.foldBufferRows = foldBufferRows;
    }

    /** The same engine with another fold row budget: {@code verify} uses a tiny one to exercise every flush path. */
    public ReplayEngine withFoldBufferRows(int rows) {
        return new ReplayEngine(this, rows);
    }

    /**
     * Applies events after the target's checkpoint until the log is caught up, or until {@code maxBatches}
     * batches were committed.
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
                    writer.rollback();
                    run.deferred.deallocate();
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
        private final boolean reportProgress;
        private long transactionId;
        private long position;
        private long applied;
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
            this.deferred = new DeferredStatements(writer, SENDER);
            this.deferredDsl = DSL.using(deferred.connection(), SQLDialect.POSTGRES, settings(projection, target));
        }

        private final DeferredStatements deferred;
        private final DSLContext deferredDsl;

        private FoldBuffer foldBuffer;

        ReplayOutcome execute() throws SQLException {
            Checkpoint start = checkpoints.find(writer, projection.name(), target.target(), false)
                    .orElseThrow(() -> new IllegalStateException("no checkpoint for " + projection.name() + "/" + target.target()));
            writer.commit();
            transactionId = start.lastTransactionId();
            position = start.lastPosition();
            if (projection.fold() != null && target.replaying()) {
                foldBuffer = new FoldBuffer(projection.fold(), target.schema(), tableHasRows());
            }
            ReplayProgress progress = reportProgress ? new ReplayProgress(label(), position, head()) : null;
            while (true) {
                long horizon = horizon();
                long before = applied;
                boolean complete = pass(horizon, progress);
                if (!complete) {
                    return new ReplayOutcome(applied, position, false);
                }
                skipToHorizon(horizon);
                if (applied - before < batchSize) {
                    return new ReplayOutcome(applied, position, true);
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
                query.setFetchSize(Math.max(batchSize, 1000));
                query.setString(1, Long.toString(transactionId));
                query.setLong(2, position);
                query.setString(3, Long.toString(horizon));
                query.setArray(4, reader.createArrayOf("text", types.toArray()));
                if (foldBuffer != null) {
                    return foldPass(query, progress);
                }
                List<LogRow> batch = new ArrayList<>(batchSize);
                try (ResultSet rs = query.executeQuery()) {
                    while (rs.next()) {
                        batch.add(LogRow.read(rs));
                        if (batch.size() == batchSize) {
                            commit(batch);
                            batch.clear();
                            if (progress != null) {
                                progress.update(applied, position);
                            }
                            if (++batches >= maxBatches) {
                                return false;
                            }
                        }
                    }
                }
                if (!batch.isEmpty()) {
                    commit(batch);
                    batches++;
                }
            } finally {
                reader.commit();
            }
            return true;
        }

        /**
         * A fold-style rebuild: rows stay in memory and the checkpoint moves only when they are flushed, so
         * rows and checkpoint still commit together.
         */
        private boolean foldPass(PreparedStatement query, ReplayProgress progress) throws SQLException {
            long sinceFlush = 0;
            LogRow last = null;
            try (ResultSet rs = query.executeQuery()) {
                while (rs.next()) {
                    last = LogRow.read(rs);
                    try {
                        foldInto(last, foldBuffer, dsl);
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
            advance(last.transactionId(), last.position(), events);
            writer.commit();
            transactionId = last.transactionId();
            position = last.position();
            applied += events;
        }

        private void foldInto(LogRow row, FoldBuffer buffer, DSLContext context) {
            Object event = decode(row);
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

        private void commit(List<LogRow> batch) throws SQLException {
            try {
                for (LogRow row : batch) {
                    apply(row, deferredDsl);
                }
                deferred.flush();
            } catch (RuntimeException | SQLException deferredFailure) {
                // A deferred statement fails only when the batch is sent, far from its event, and it aborts the
                // transaction: replay the batch one statement at a time to name the event at fault.
                deferred.clear();
                writer.rollback();
                for (LogRow row : batch) {
                    try {
                        apply(row, dsl);
                    } catch (RuntimeException e) {
                        writer.rollback();
                        throw failure(row, e);
                    }
                }
            }
            LogRow last = batch.get(batch.size() - 1);
            advance(last.transactionId(), last.position(), batch.size());
            writer.commit();
            transactionId = last.transactionId();
            position = last.position();
            applied += batch.size();
        }

        private Object decode(LogRow row) {
            try {
                return codec.decode(row.position(), row.type(), row.typeVersion(), row.payloadJson(), false);
            } catch (EventDecodingException e) {
                throw new HandlerFailure(e);
            }
        }

        private void apply(LogRow row, DSLContext context) {
            Object event = decode(row);
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
        private void advance(long toTransactionId, long toPosition, long events) throws SQLException {
            if (!checkpoints.advance(writer, projection.name(), target.target(), transactionId, position, toTransactionId,
                    toPosition, events)) {
                writer.rollback();
                throw new ProjectionBuildException(projection.name(), projection.version(), null, null,
                        "Projection '" + projection.name() + "': its checkpoint moved past position " + position
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
                        advance(rs.getLong(1), rs.getLong(2), 0);
                        transactionId = rs.getLong(1);
                        position = rs.getLong(2);
                    }
                }
            }
            writer.commit();
        }

        private boolean tableHasRows() throws SQLException {
            try (Statement s = writer.createStatement();
                 ResultSet rs = s.executeQuery("select exists (select 1 from " + Identifiers.quote(target.schema()) + "."
                         + Identifiers.quote(projection.fold().table().getName()) + ")")) {
                rs.next();
                return rs.getBoolean(1);
            } finally {
                writer.commit();
            }
        }

        private long horizon() throws SQLException {
            try (Statement s = reader.createStatement();
                 ResultSet rs = s.executeQuery("select pg_snapshot_xmin(pg_current_snapshot())::text::bigint")) {
                rs.next();
                return rs.getLong(1);
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

    /** Carries a handler's checked exception, or a decoding error, out of jOOQ's batched block. */
    private static final class HandlerFailure extends RuntimeException {
        HandlerFailure(Throwable cause) {
            super(cause);
        }
    }
}

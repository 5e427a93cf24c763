package dev.refold.internal.replay;

import dev.refold.internal.bucket.KeyBuckets;
import dev.refold.internal.db.Identifiers;
import dev.refold.internal.history.BucketPlaces;
import dev.refold.internal.log.DecodedLog.Decoded;
import dev.refold.internal.log.DecodedLog;
import dev.refold.internal.log.LogRow;
import dev.refold.internal.projection.FoldBinding;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;

/**
 * A fold-style rebuild: rows stay in memory ({@link FoldBuffer}) and the checkpoint moves only when they are
 * flushed, so rows and checkpoint still commit together. When the row budget fills, the rest of the pass folds
 * one range of keys at a time ({@link KeyRangePasses}), unless rows it did not write are in the table (a resumed
 * build) or a column default is evaluated per row; then rows are written out and reloaded as they come back.
 */
final class FoldBatches implements BatchWriter {
    private final ReplayRun run;
    private final FoldBuffer buffer;
    /** Whether the rows may be folded range by range (see {@link KeyRangePasses}) once the budget fills. */
    private final boolean byRange;
    /** Buckets an interrupted run of this build already applied beyond the checkpoint. */
    private final BucketPlaces done;

    private FoldBatches(ReplayRun run, FoldBuffer buffer, boolean byRange, BucketPlaces done) {
        this.run = run;
        this.buffer = buffer;
        this.byRange = byRange;
        this.done = done;
    }

    static FoldBatches open(ReplayRun run) throws SQLException {
        FoldBinding fold = run.projection().fold();
        FoldDefaults defaults = FoldDefaults.read(fold, run.dsl(), run.target().schema());
        FoldBuffer buffer = new FoldBuffer(fold, run.target().schema(), tableHasRows(run, fold), defaults);
        return new FoldBatches(run, buffer, buffer.allRowsOurs() && !defaults.perRow(), run.bucketPlaces());
    }

    @Override
    public boolean decodeAhead() {
        return false;
    }

    @Override
    public boolean write(DecodedLog log) throws SQLException {
        long sinceFlush = 0;
        long passStart = run.cursor().position();
        LogRow last = null;
        KeyRangePasses byKeyRange = null;
        try {
            List<Decoded> batch;
            while ((batch = log.next()) != null) {
                for (Decoded decoded : batch) {
                    last = decoded.row();
                    if (byKeyRange != null) {
                        byKeyRange.route(decoded);
                        continue;
                    }
                    try {
                        foldInto(decoded);
                    } catch (RuntimeException e) {
                        run.writer().rollback();
                        throw run.failure(last, e);
                    }
                    sinceFlush++;
                    if (buffer.size() >= run.foldBufferRows() && byRange) {
                        KeyRangePasses.Plan plan = KeyRangePasses.plan(run, buffer, passStart, last);
                        flush(last, sinceFlush);
                        sinceFlush = 0;
                        byKeyRange = new KeyRangePasses(run, buffer, done, plan);
                    } else if (buffer.size() >= run.foldBufferRows() || sinceFlush >= run.eventsPerCheckpoint()) {
                        flush(last, sinceFlush);
                        sinceFlush = 0;
                        run.progress(run.cursor().applied(), run.cursor().position());
                        if (run.batchDone()) {
                            return false;
                        }
                    }
                }
            }
            if (byKeyRange != null) {
                byKeyRange.finish();
                run.batchDone();
                return true;
            }
        } finally {
            if (byKeyRange != null) {
                byKeyRange.close();
            }
        }
        if (sinceFlush > 0) {
            flush(last, sinceFlush);
            run.batchDone();
        }
        return true;
    }

    private void flush(LogRow last, long events) throws SQLException {
        buffer.flush(run.writer());
        run.advance(run.cursor().committed(), last, events);
        run.writer().commit();
        run.cursor().confirm(last, events, 0);
    }

    private void foldInto(Decoded decoded) {
        LogRow row = decoded.row();
        Object event = run.eventOf(decoded);
        FoldBinding.Step step = run.projection().fold().step(row.type());
        if (step == null) {
            return; // a type only onLive handles
        }
        Object key = step.keyOf(event);
        if (done.any() && done.applied(KeyBuckets.of(run.projection().fold().normalise(key)), row.transactionId(), row.position())) {
            return; // its range committed it before this build was interrupted
        }
        ReplayContext context = run.context(row, run.dsl());
        HandlerInvoker.invoke(() -> step.handler().apply(buffer.row(key, run.dsl()), event, context));
    }

    private static boolean tableHasRows(ReplayRun run, FoldBinding fold) throws SQLException {
        Connection writer = run.writer();
        try (Statement s = writer.createStatement();
             ResultSet rs = s.executeQuery("select exists (select 1 from "
                     + Identifiers.qualified(run.target().schema(), fold.table().getName()) + ")")) {
            rs.next();
            return rs.getBoolean(1);
        } finally {
            writer.commit();
        }
    }
}

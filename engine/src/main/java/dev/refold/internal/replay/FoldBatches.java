package dev.refold.internal.replay;

import dev.refold.internal.db.Identifiers;
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
 * flushed, so rows and checkpoint still commit together.
 */
final class FoldBatches implements BatchWriter {
    private final ReplayRun run;
    private final FoldBuffer buffer;

    private FoldBatches(ReplayRun run, FoldBuffer buffer) {
        this.run = run;
        this.buffer = buffer;
    }

    static FoldBatches open(ReplayRun run) throws SQLException {
        FoldBinding fold = run.projection().fold();
        FoldDefaults defaults = FoldDefaults.read(fold, run.dsl(), run.target().schema());
        return new FoldBatches(run, new FoldBuffer(fold, run.target().schema(), tableHasRows(run, fold), defaults));
    }

    @Override
    public boolean decodeAhead() {
        return false;
    }

    @Override
    public boolean write(DecodedLog log) throws SQLException {
        long sinceFlush = 0;
        LogRow last = null;
        List<Decoded> batch;
        while ((batch = log.next()) != null) {
            for (Decoded decoded : batch) {
                last = decoded.row();
                try {
                    foldInto(decoded);
                } catch (RuntimeException e) {
                    run.writer().rollback();
                    throw run.failure(last, e);
                }
                sinceFlush++;
                if (buffer.size() >= run.foldBufferRows() || sinceFlush >= run.eventsPerCheckpoint()) {
                    flush(last, sinceFlush);
                    sinceFlush = 0;
                    run.progress(run.cursor().applied(), run.cursor().position());
                    if (run.batchDone()) {
                        return false;
                    }
                }
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
        ReplayContext context = run.context(row, run.dsl());
        HandlerInvoker.invoke(() -> step.handler().apply(buffer.row(step.keyOf(event), run.dsl()), event, context));
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

package dev.refold.internal.replay;

import dev.refold.ProjectionBuildException;
import dev.refold.internal.log.CommitSafeLog.Place;
import dev.refold.internal.log.DecodedLog.Decoded;
import dev.refold.internal.log.DecodedLog;
import dev.refold.internal.log.LogRow;
import dev.refold.internal.statements.DeferredStatements;
import dev.refold.internal.writebehind.HeldRows;
import dev.refold.internal.writebehind.WriteBehind;
import org.jooq.DSLContext;
import org.jooq.impl.DSL;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.List;

/**
 * A handler-style rebuild with write-behind: as {@link StatementBatches}, except that held rows and the checkpoint
 * commit together only at write-behind's checkpoints, when the held rows are copied in. Any failure abandons
 * write-behind ({@link WriteBehindAbandoned}): the transaction rolls back, and the run loop replays the events
 * since the last commit with {@link StatementBatches}.
 */
final class WriteBehindBatches implements BatchWriter {
    private static final Logger LOG = LoggerFactory.getLogger(WriteBehindBatches.class);

    private final ReplayRun run;
    private final WriteBehind writeBehind;
    private final DeferredStatements deferred;
    private final CheckpointCursor cursor;
    /** The handlers' context: the deferred one with write-behind's listeners. */
    private final DSLContext heldDsl;
    /** Events applied since write-behind's last checkpoint (their rows are held, or not yet committed). */
    private long sinceCheckpoint;
    private LogRow lastApplied;

    private WriteBehindBatches(ReplayRun run, WriteBehind writeBehind) {
        this.run = run;
        this.writeBehind = writeBehind;
        this.deferred = run.deferred();
        this.cursor = run.cursor();
        this.heldDsl = DSL.using(writeBehind.attach(run.deferredDsl().configuration().derive()));
        deferred.gate(writeBehind);
    }

    /** Write-behind for the run's shadow, or null when none of its tables can be held. */
    static WriteBehindBatches open(ReplayRun run) throws SQLException {
        Connection writer = run.writer();
        WriteBehind writeBehind;
        try {
            writeBehind = WriteBehind.open(writer, run.target().schema(), run.projection().name());
        } catch (SQLException unreadable) {
            // only an optimisation: without it every statement goes to the database
            LOG.debug("Write-behind for {} not started: {}", run.projection().name(), unreadable.toString());
            writeBehind = null;
            writer.rollback();
        }
        writer.commit();
        return writeBehind == null ? null : new WriteBehindBatches(run, writeBehind);
    }

    @Override
    public boolean write(DecodedLog log) throws SQLException {
        try {
            List<Decoded> batch;
            while ((batch = log.next()) != null) {
                for (Decoded decoded : batch) {
                    run.apply(decoded, heldDsl);
                }
                writeBehind.throwIfBroken();
                lastApplied = batch.get(batch.size() - 1).row();
                sinceCheckpoint += batch.size();
                boolean limit = run.batchDone();
                if (writeBehind.heldRows() >= run.writeBehindRows() || sinceCheckpoint >= run.eventsPerCheckpoint()) {
                    checkpoint();
                }
                run.progress(cursor.submittedApplied() + sinceCheckpoint, lastApplied.position());
                if (limit) {
                    checkpoint();
                    deferred.flush();
                    return false;
                }
            }
            checkpoint();
            deferred.flush();
            return true;
        } catch (RuntimeException | SQLException failure) {
            throw abandon(failure);
        }
    }

    /** Copies the held rows in and commits them with the checkpoint, on the sender thread. */
    private void checkpoint() throws SQLException {
        if (sinceCheckpoint == 0) {
            return;
        }
        HeldRows rows = writeBehind.detach();
        long held = writeBehind.takeWritesHeld();
        Place from = cursor.submitted();
        long events = sinceCheckpoint;
        LogRow last = lastApplied;
        Connection writer = run.writer();
        deferred.flushThen(() -> {
            rows.copyInto(writer);
            run.advance(from, last, events);
            writer.commit();
            cursor.confirm(last, events, held);
        });
        cursor.submit(last, events);
        sinceCheckpoint = 0;
    }

    /**
     * Rolls back to the last commit and takes write-behind away for the rest of this replay. A failure that is
     * not about the events (the checkpoint moved under this writer) is passed on as it is.
     */
    private RuntimeException abandon(Exception cause) throws SQLException {
        deferred.clear();
        run.writer().rollback();
        if (cause instanceof ProjectionBuildException notAboutTheEvents) {
            throw notAboutTheEvents;
        }
        LOG.debug("Write-behind for {} abandoned after position {} ({}); replaying from position {} without it",
                run.projection().name(), lastApplied == null ? cursor.position() : lastApplied.position(), cause.toString(),
                cursor.position());
        deferred.gate(null);
        run.restartBatchCount(); // counted again from the last commit, whose batches are applied again
        cursor.resubmitFromCommitted();
        return new WriteBehindAbandoned();
    }
}

package dev.refold.internal.replay;

import dev.refold.ProjectionBuildException;
import dev.refold.internal.log.CommitSafeLog.Place;
import dev.refold.internal.log.DecodedLog.Decoded;
import dev.refold.internal.log.DecodedLog;
import dev.refold.internal.log.LogRow;
import dev.refold.internal.statements.DeferredStatements;

import java.sql.SQLException;
import java.util.ArrayDeque;
import java.util.List;

/**
 * Every handler statement goes to the database, deferred and sent in chunks. A rebuild commits each batch on the
 * sender thread while the handlers run the next one; a live catch-up commits each batch before the next, as its
 * handlers may have side effects.
 */
final class StatementBatches implements BatchWriter {
    private final ReplayRun run;
    private final DeferredStatements deferred;
    private final CheckpointCursor cursor;
    /** Batches handed to the sender thread whose commit is not known yet, oldest first. */
    private final ArrayDeque<List<Decoded>> unconfirmed = new ArrayDeque<>();

    StatementBatches(ReplayRun run) {
        this.run = run;
        this.deferred = run.deferred();
        this.cursor = run.cursor();
    }

    @Override
    public boolean write(DecodedLog log) throws SQLException {
        List<Decoded> batch;
        while ((batch = log.next()) != null) {
            commit(batch);
            if (!run.target().bulk()) {
                settle();
            }
            run.progress(cursor.submittedApplied(), cursor.submittedPosition());
            if (run.batchDone()) {
                settle();
                return false;
            }
        }
        settle();
        return true;
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
                run.apply(decoded, run.deferredDsl());
            }
            Place from = cursor.submitted();
            int events = batch.size();
            deferred.flushThen(() -> {
                run.advance(from, last, events);
                run.writer().commit();
                cursor.confirm(last, events, 0);
            });
        } catch (RuntimeException | SQLException deferredFailure) {
            recover(deferredFailure);
            return;
        }
        cursor.submit(last, batch.size());
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
        run.writer().rollback();
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
        long confirmedPosition = cursor.position();
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
                run.apply(decoded, run.dsl());
            } catch (RuntimeException e) {
                run.writer().rollback();
                throw run.failure(decoded.row(), e);
            }
        }
        LogRow last = batch.get(batch.size() - 1).row();
        run.advance(cursor.committed(), last, batch.size());
        run.writer().commit();
        cursor.confirm(last, batch.size(), 0);
        cursor.resubmitFromCommitted();
    }
}

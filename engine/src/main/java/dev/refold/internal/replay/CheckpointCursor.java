package dev.refold.internal.replay;

import dev.refold.internal.log.CommitSafeLog.Place;
import dev.refold.internal.log.LogRow;

/**
 * Where one replay stands: what is committed, and what was handed on to be committed.
 *
 * <p>The threading contract, in one place. The committed place ({@link #committed()}, {@link #applied()},
 * {@link #writesHeld()}) is written by whichever thread commits a batch: during a rebuild the sender thread of
 * {@code DeferredStatements}, otherwise the replay thread. Only one thread ever commits at a time (a commit runs
 * after the previous one was awaited), and the replay thread reads the committed place only after it waited for
 * the sender, so the fields are volatile for visibility and never written concurrently. The submitted place is
 * the replay thread's alone: it is where the next batch's checkpoint moves from.
 */
final class CheckpointCursor {
    private volatile long transactionId;
    private volatile long position;
    private volatile long applied;
    private volatile long writesHeld;
    private long submittedTransactionId;
    private long submittedPosition;
    private long submittedApplied;
    /** Told of each committed batch, on the committing thread (the listeners' batch report). */
    private final BatchCommitted committedBatches;

    /** What hears of each committed batch; it runs on the committing thread and must not block. */
    interface BatchCommitted {
        void committed(LogRow last, long events);
    }

    CheckpointCursor(long transactionId, long position, BatchCommitted committedBatches) {
        this.committedBatches = committedBatches;
        this.transactionId = transactionId;
        this.position = position;
        this.submittedTransactionId = transactionId;
        this.submittedPosition = position;
    }

    Place committed() {
        return new Place(transactionId, position);
    }

    long position() {
        return position;
    }

    long applied() {
        return applied;
    }

    long writesHeld() {
        return writesHeld;
    }

    /** Where the next checkpoint moves from: the end of what was handed on. */
    Place submitted() {
        return new Place(submittedTransactionId, submittedPosition);
    }

    long submittedPosition() {
        return submittedPosition;
    }

    long submittedApplied() {
        return submittedApplied;
    }

    /** A batch ending at {@code last} was committed, with {@code heldWrites} of write-behind's; by the committing thread. */
    void confirm(LogRow last, long events, long heldWrites) {
        transactionId = last.transactionId();
        position = last.position();
        applied += events;
        writesHeld += heldWrites;
        committedBatches.committed(last, events);
    }

    /** A batch ending at {@code last} was handed on to be committed; by the replay thread. */
    void submit(LogRow last, long events) {
        submittedTransactionId = last.transactionId();
        submittedPosition = last.position();
        submittedApplied += events;
    }

    /** The checkpoint moved over events this projection does not handle; by the replay thread, nothing in flight. */
    void skipTo(Place place) {
        transactionId = place.transactionId();
        position = place.position();
        submittedTransactionId = transactionId;
        submittedPosition = position;
    }

    /** After a rollback, or a batch committed on the replay thread: nothing is in flight beyond the commit. */
    void resubmitFromCommitted() {
        submittedTransactionId = transactionId;
        submittedPosition = position;
        submittedApplied = applied;
    }
}

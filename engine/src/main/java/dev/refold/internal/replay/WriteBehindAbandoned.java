package dev.refold.internal.replay;

/**
 * Restarts a pass from the last commit without write-behind: the transaction was rolled back, and the events
 * since are replayed statement by statement, which names the event at fault or shows the fault was write-behind's.
 */
final class WriteBehindAbandoned extends RuntimeException {
    WriteBehindAbandoned() {
        super(null, null, false, false);
    }
}

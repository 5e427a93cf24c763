package dev.refold.listener;

import dev.refold.result.BuildResult;

/**
 * Told what the engine does while it does it, in the spirit of Flyway's callbacks: for metrics, health checks,
 * progress output and logs. Register with {@code Refold.configure().listeners(...)}.
 *
 * <p>Every method has an empty default, so a listener implements only what it needs. Calls come on the
 * engine's threads (the migrating thread, the replay's sender thread, a live catch-up worker): keep them
 * short and thread-safe, and don't block. An exception a listener throws is logged and otherwise ignored;
 * it never fails a build or stops catch-up.
 */
public interface RefoldListener {

    /** A rebuild begins: its shadow schema is about to be prepared. */
    default void buildStarted(BuildStarted event) {
    }

    /** A rebuild's replay progressed; sent about once a second while it replays. */
    default void buildProgress(BuildProgress event) {
    }

    /** A rebuild was swapped in and serves readers. */
    default void buildFinished(BuildResult result) {
    }

    /** A rebuild failed; the previous read model, if any, still serves. */
    default void buildFailed(BuildFailed event) {
    }

    /** A batch of events and its checkpoint committed, during a rebuild or live catch-up. */
    default void batchApplied(BatchApplied event) {
    }

    /** A replay reached the head of the log, as far as it can safely read: nothing is waiting to be applied. */
    default void caughtUp(CaughtUp event) {
    }

    /** A handler failed on a live event; {@link LiveFailure#stopped()} says whether the projection stopped. */
    default void liveFailed(LiveFailure event) {
    }

    /** An operation had to wait for a lock another instance held, and now has it. */
    default void lockWaited(LockWaited event) {
    }
}

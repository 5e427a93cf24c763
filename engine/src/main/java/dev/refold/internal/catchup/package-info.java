/**
 * Live catch-up: one worker per projection on a dedicated connection that holds the projection's advisory lock and
 * LISTENs for appends, taking that projection's live lock in shared mode each round (never the global migration lock) and replaying through
 * {@code internal.replay} on the live target; failures are retried, then recorded on the live checkpoint.
 */
package dev.refold.internal.catchup;

/**
 * Live catch-up: one worker per projection on a dedicated connection that holds the projection's advisory lock and
 * LISTENs for appends, taking the migration lock in shared mode each round and replaying through
 * {@code internal.replay} on the live target; failures are retried, then recorded on the live checkpoint.
 */
package dev.refold.internal.catchup;

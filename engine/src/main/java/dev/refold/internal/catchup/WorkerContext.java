package dev.refold.internal.catchup;

import dev.refold.internal.db.Database;
import dev.refold.internal.history.Checkpoints;
import dev.refold.internal.replay.ReplayEngine;

import java.util.concurrent.Semaphore;

/**
 * What every projection's worker shares: the database, Refold's schema, the replay engine, the retry policy,
 * and the permits that bound how many rounds replay at once.
 */
record WorkerContext(Database database, String schema, ReplayEngine replay, Checkpoints checkpoints, int batchSize,
                     LiveRetryPolicy retries, Semaphore rounds) {
}

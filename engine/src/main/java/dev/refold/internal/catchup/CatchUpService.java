package dev.refold.internal.catchup;

import dev.refold.internal.db.Database;
import dev.refold.internal.history.Checkpoints;
import dev.refold.internal.projection.ProjectionDefinition;
import dev.refold.internal.replay.ReplayEngine;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Semaphore;

/**
 * Live catch-up: one {@link ProjectionWorker} thread per declared projection. Each worker applies events only
 * while its projection's live read model is CURRENT for this instance's code and holds the projection's
 * advisory lock; otherwise it stands by, so any number of instances may call {@code start()}.
 */
public final class CatchUpService {
    private static final Logger LOG = LoggerFactory.getLogger(CatchUpService.class);
    private static final Duration STOP_TIMEOUT = Duration.ofSeconds(30);
    /**
     * Rounds that may replay at once. A round borrows two connections from the pool the application's appends
     * use too (16 in Refold's own pool): however many projections there are, catch-up leaves most of it free.
     */
    static final int CONCURRENT_ROUNDS = 4;

    private final WorkerContext shared;
    private final List<ProjectionWorker> workers = new ArrayList<>();
    private final List<Thread> threads = new ArrayList<>();

    public CatchUpService(Database database, String schema, ReplayEngine replay, Checkpoints checkpoints, int batchSize,
                          LiveRetryPolicy retries) {
        this.shared = new WorkerContext(database, schema, replay, checkpoints, batchSize, retries,
                new Semaphore(CONCURRENT_ROUNDS));
    }

    /** Starts a worker per projection; does nothing when already started. */
    public synchronized void start(List<ProjectionDefinition> projections) {
        if (!threads.isEmpty()) {
            return;
        }
        for (ProjectionDefinition projection : projections) {
            ProjectionWorker worker = new ProjectionWorker(projection, shared);
            // Daemon: an application that forgets close() still exits; every batch is transactional anyway.
            Thread thread = new Thread(worker, "refold-catchup-" + projection.name());
            thread.setDaemon(true);
            workers.add(worker);
            threads.add(thread);
        }
        threads.forEach(Thread::start);
        LOG.info("Live catch-up started for {} projection(s)", workers.size());
    }

    /**
     * Stops every worker and waits for it: a round in progress finishes (a few batches at most, each committed
     * with its checkpoint), then the worker releases its locks and closes its connection.
     */
    public synchronized void stop() {
        if (threads.isEmpty()) {
            return;
        }
        workers.forEach(ProjectionWorker::stop);
        long deadline = System.nanoTime() + STOP_TIMEOUT.toNanos();
        for (int i = 0; i < threads.size(); i++) {
            Thread thread = threads.get(i);
            try {
                thread.join(Math.max(1, (deadline - System.nanoTime()) / 1_000_000));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            if (thread.isAlive()) {
                LOG.warn("Live catch-up of projection '{}' did not stop within {} s; it stops when its connections close",
                        workers.get(i).projectionName(), STOP_TIMEOUT.toSeconds());
            }
        }
        workers.clear();
        threads.clear();
        LOG.info("Live catch-up stopped");
    }
}

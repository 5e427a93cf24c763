package dev.refold.internal.catchup;

import dev.refold.ProjectionBuildException;
import dev.refold.RefoldException;
import dev.refold.internal.history.Checkpoint;
import dev.refold.internal.projection.ProjectionDefinition;
import dev.refold.internal.replay.ReplayEngine;
import dev.refold.internal.replay.ReplayOutcome;
import dev.refold.internal.replay.ReplayTarget;
import dev.refold.listener.LiveFailure;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.sql.SQLException;
import java.time.Duration;
import java.util.Objects;

/**
 * Keeps one projection's live read model caught up, on one thread, until stopped.
 *
 * <p>A round takes the projection's advisory lock (or stands by, retrying every second), shares the
 * projection's live lock (never the migration lock, so a build of another projection, or of this one's
 * shadow, does not stop it), checks that the live read model was built from this very definition and has not
 * failed, then lets {@link ReplayEngine} apply what is new. The replay reads in (transaction id, position) order
 * below {@code pg_snapshot_xmin}, and commits rows and checkpoint together, so every event is applied
 * exactly once whatever order appends commit in; this class only decides when to run a round and what a
 * failure means. Between rounds it waits for a notification of an append, or polls.
 */
final class ProjectionWorker implements Runnable {
    private static final Logger LOG = LoggerFactory.getLogger(ProjectionWorker.class);

    /** The polling fallback: how long a caught-up worker waits for a notification before looking anyway. */
    static final Duration POLL_INTERVAL = Duration.ofSeconds(1);
    /** How often a standby worker tries the projection's lock, so it takes over within about a second. */
    static final Duration STANDBY_INTERVAL = Duration.ofSeconds(1);
    /**
     * Batches per round: bounds how long a round holds the shared live lock (a waiting swap goes next) and how long {@code stop()} waits. The next round starts at once.
     */
    static final long BATCHES_PER_ROUND = 20;
    private static final Duration FIRST_RECONNECT = Duration.ofMillis(200);
    private static final Duration MAX_RECONNECT = Duration.ofSeconds(5);
    private static final Duration FIRST_HORIZON_WAIT = Duration.ofMillis(5);
    private static final Duration BUSY_WAIT = Duration.ofMillis(10);

    private final ProjectionDefinition projection;
    private final WorkerContext shared;
    private final Object signal = new Object();
    private volatile boolean running = true;

    private WorkerSession session;
    private long failingPosition = -1;
    private int failures;
    private int databaseErrors;
    private int horizonWaits;
    private String standingBy;

    ProjectionWorker(ProjectionDefinition projection, WorkerContext shared) {
        this.projection = projection;
        this.shared = shared;
    }

    String projectionName() {
        return projection.name();
    }

    /** Asks the worker to finish its round and exit; {@link CatchUpService#stop()} waits for the thread. */
    void stop() {
        running = false;
        synchronized (signal) {
            signal.notifyAll();
        }
    }

    @Override
    public void run() {
        try {
            while (running) {
                Pause pause;
                try {
                    pause = step();
                    databaseErrors = 0;
                } catch (SQLException | RuntimeException e) {
                    // RefoldException: the database (a ProjectionBuildException without a position, a connection
                    // failure); anything else is unexpected, but must not silently end catch-up either.
                    pause = afterDatabaseError(e);
                }
                if (pause.untilAppend()) {
                    awaitAppend(pause.length());
                } else {
                    sleep(pause.length());
                }
            }
        } catch (Error e) {
            LOG.error("Live catch-up of projection '{}' stopped", projection.name(), e);
            throw e;
        } finally {
            closeSession();
        }
    }

    /** What a worker does between rounds: wait for an append (or the time to pass), or just let time pass. */
    private record Pause(Duration length, boolean untilAppend) {
        static final Pause NONE = new Pause(Duration.ZERO, false);

        static Pause sleep(Duration length) {
            return new Pause(length, false);
        }

        static Pause untilAppend(Duration atMost) {
            return new Pause(atMost, true);
        }
    }

    /** One round, and the pause before the next. */
    private Pause step() throws SQLException {
        if (session == null) {
            session = WorkerSession.open(shared.database(), shared.schema(), projection.name());
        }
        if (!session.tryLockProjection()) {
            standBy("another instance keeps it caught up");
            return Pause.sleep(STANDBY_INTERVAL);
        }
        if (!session.tryShareLiveLock()) {
            // A swap or migrate's catch-up of this projection holds it or waits for it; both are short.
            return Pause.sleep(BUSY_WAIT);
        }
        try {
            Checkpoint live = shared.checkpoints().find(session.connection(), projection.name(), Checkpoint.LIVE, false).orElse(null);
            String inactive = whyInactive(live);
            if (inactive != null) {
                standBy(inactive);
                session.releaseProjection();
                return Pause.sleep(STANDBY_INTERVAL);
            }
            active();
            if (!shared.rounds().tryAcquire()) {
                return Pause.sleep(BUSY_WAIT); // as many projections replay as the pool should serve at once
            }
            ReplayOutcome outcome;
            try {
                outcome = shared.replay().apply(projection, ReplayTarget.live(projection.name()), shared.batchSize(),
                        BATCHES_PER_ROUND, false);
            } catch (ProjectionBuildException e) {
                if (e.position().isEmpty()) {
                    throw e; // the database, not an event: the connection was cut, the server restarted
                }
                return handlerFailed(e);
            } finally {
                shared.rounds().release();
            }
            failingPosition = -1;
            failures = 0;
            if (!outcome.caughtUp()) {
                return Pause.NONE;
            }
        } finally {
            releaseLiveLock();
        }
        if (session == null) {
            return Pause.sleep(FIRST_RECONNECT);
        }
        if (session.eventsWaitBehindOpenTransactions()) {
            // Their commit was notified already, and what holds them back may not be an append that notifies
            // when it ends: look again soon, and sooner if an append commits.
            horizonWaits = session.waitsOnTheSameAppend() ? horizonWaits : 0;
            return Pause.untilAppend(LiveRetryPolicy.doubling(FIRST_HORIZON_WAIT, ++horizonWaits, POLL_INTERVAL));
        }
        horizonWaits = 0;
        return Pause.untilAppend(POLL_INTERVAL);
    }

    /** Why this instance must not apply events to the live read model now, or null when it may. */
    private String whyInactive(Checkpoint live) {
        if (live == null) {
            return "it has not been built yet (run migrate)";
        }
        if (live.version() != projection.version() || !Objects.equals(live.checksum(), projection.checksum())) {
            // Another instance rebuilt it from other code; applying this code's handlers to it would corrupt it.
            return "the live read model is v" + live.version() + (live.version() == projection.version() ? " with another checksum" : "")
                    + " and this instance declares v" + projection.version();
        }
        if (live.failed()) {
            return "live catch-up failed: " + live.failure();
        }
        return null;
    }

    /** A failure here means the session is broken, and the server dropped the lock with it. */
    private void releaseLiveLock() {
        try {
            session.releaseLiveLock();
        } catch (SQLException e) {
            closeSession();
        }
    }

    private Pause handlerFailed(ProjectionBuildException e) throws SQLException {
        long position = e.position().getAsLong();
        if (position != failingPosition) {
            failingPosition = position;
            failures = 0;
        }
        failures++;
        boolean retry = shared.retries().retries(failures);
        shared.replay().listeners().liveFailed(new LiveFailure(projection.name(), projection.version(), position, e.eventType(),
                failures, shared.retries().attempts(), !retry, e.getMessage()));
        if (retry) {
            Duration wait = shared.retries().backoff(failures);
            LOG.warn("Live catch-up of projection '{}' failed (attempt {} of {}), retrying in {} ms: {}", projection.name(),
                    failures, shared.retries().attempts(), wait.toMillis(), e.getMessage());
            return Pause.sleep(wait);
        }
        String failure = "Live catch-up stopped after " + failures + (failures == 1 ? " attempt: " : " attempts: ")
                + e.getMessage();
        // Still under the shared live lock: no swap can have replaced the live checkpoint row meanwhile.
        shared.checkpoints().recordFailure(session.connection(), projection.name(), Checkpoint.LIVE, position, e.eventType(), failure);
        LOG.error("{}. The other projections go on; fix the cause, then run repair to resume this one.", failure);
        failingPosition = -1;
        failures = 0;
        return Pause.NONE; // the next round finds the failure recorded and stands by
    }

    private Pause afterDatabaseError(Exception e) {
        databaseErrors++;
        if (!(e instanceof SQLException || e instanceof RefoldException)) {
            LOG.error("Live catch-up of projection '{}' failed unexpectedly; it resumes from its checkpoint", projection.name(), e);
        } else if (databaseErrors == 1) {
            LOG.warn("Live catch-up of projection '{}' hit a database error; it resumes from its checkpoint: {}",
                    projection.name(), e.getMessage());
        } else {
            LOG.debug("Live catch-up of projection '{}' still cannot reach the database: {}", projection.name(), e.getMessage());
        }
        if (session != null && !session.isValid()) {
            closeSession(); // its locks went with it: stand by and take the projection again, if it is still free
        }
        return Pause.sleep(LiveRetryPolicy.doubling(FIRST_RECONNECT, databaseErrors, MAX_RECONNECT));
    }

    private void standBy(String reason) {
        if (!reason.equals(standingBy)) {
            LOG.info("Projection '{}' stands by: {}", projection.name(), reason);
            standingBy = reason;
        }
    }

    private void active() {
        if (standingBy != null) {
            LOG.info("Projection '{}' is caught up live by this instance", projection.name());
            standingBy = null;
        }
    }

    private void awaitAppend(Duration atMost) {
        try {
            session.notifications().await(atMost.toMillis(), () -> running);
        } catch (SQLException e) {
            sleep(afterDatabaseError(e).length());
        }
    }

    private void sleep(Duration pause) {
        if (pause.isZero()) {
            return;
        }
        long deadline = System.nanoTime() + pause.toNanos();
        synchronized (signal) {
            long left;
            while (running && (left = deadline - System.nanoTime()) > 0) {
                try {
                    signal.wait(Math.max(1, left / 1_000_000));
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    running = false;
                }
            }
        }
    }

    private void closeSession() {
        if (session != null) {
            session.close();
            session = null;
        }
    }
}

package dev.refold.internal.threads;

import java.sql.SQLException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;

/** Waiting for, and hearing from, a replay's helper threads: the one that reads the log, the one that sends. */
public final class HelperThreads {
    private HelperThreads() {
    }

    /**
     * Waits until the task has ended, even when interrupted (the interrupt is kept for the caller): until then it
     * may still be using a connection the caller is about to use. Returns what the task threw, or null.
     */
    public static Throwable awaitEnd(Future<?> task) {
        boolean interrupted = false;
        try {
            while (true) {
                try {
                    task.get();
                    return null;
                } catch (InterruptedException e) {
                    interrupted = true;
                } catch (ExecutionException e) {
                    return e.getCause();
                }
            }
        } finally {
            if (interrupted) {
                Thread.currentThread().interrupt();
            }
        }
    }

    /**
     * Throws a failure caught on a helper thread as it was thrown, so that a handler's exception, a database error
     * and an Error each keep their type and message.
     */
    public static void rethrow(Throwable failure, String what) throws SQLException {
        if (failure instanceof SQLException e) {
            throw e;
        }
        if (failure instanceof RuntimeException e) {
            throw e;
        }
        if (failure instanceof Error e) {
            throw e;
        }
        throw new SQLException(what + " failed", failure);
    }
}

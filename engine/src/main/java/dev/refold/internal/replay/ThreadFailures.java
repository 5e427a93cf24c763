package dev.refold.internal.replay;

import java.sql.SQLException;

/**
 * Hands a failure caught on a helper thread (the reader, the sender) to the replay thread as it was thrown, so
 * that a handler's exception, a database error and an Error each keep their type and message.
 */
final class ThreadFailures {
    private ThreadFailures() {
    }

    static void rethrow(Throwable failure, String what) throws SQLException {
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

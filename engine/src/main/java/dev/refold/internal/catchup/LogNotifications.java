package dev.refold.internal.catchup;

import org.postgresql.PGConnection;
import org.postgresql.PGNotification;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.function.BooleanSupplier;

/**
 * The {@code refold_events} channel on one connection. A statement-level trigger on the log notifies it with
 * the schema of the log when an append commits, so a waiting worker wakes within milliseconds; several
 * Refold schemas in one database share the channel, and the payload tells them apart.
 *
 * <p>A notification is only a hint: the worker re-reads the log from its checkpoint, and polls anyway when
 * none arrives, because notifications are lost while a connection is being replaced.
 */
final class LogNotifications {
    static final String CHANNEL = "refold_events";
    /** pgjdbc blocks in a socket read while it waits; short slices keep {@code stop()} prompt. */
    private static final int SLICE_MILLIS = 100;

    private final Connection connection;
    private final String schema;

    LogNotifications(Connection connection, String schema) {
        this.connection = connection;
        this.schema = schema;
    }

    void listen() throws SQLException {
        try (Statement s = connection.createStatement()) {
            s.execute("listen " + CHANNEL);
        }
    }

    void unlisten() throws SQLException {
        try (Statement s = connection.createStatement()) {
            s.execute("unlisten " + CHANNEL);
        }
    }

    /**
     * Waits until an append to this log commits, at most {@code millis}, or until {@code keepWaiting} turns false.
     * Notifications that arrived since the last call count, so none that came during a round is missed.
     *
     * @return true when woken by an append, false on time-out or stop
     */
    boolean await(long millis, BooleanSupplier keepWaiting) throws SQLException {
        PGConnection pg = connection.unwrap(PGConnection.class);
        long deadline = System.nanoTime() + millis * 1_000_000;
        while (keepWaiting.getAsBoolean()) {
            long left = (deadline - System.nanoTime()) / 1_000_000;
            if (left <= 0) {
                return false;
            }
            // 0 would block forever: always ask for at least 1 ms.
            PGNotification[] received = pg.getNotifications((int) Math.max(1, Math.min(left, SLICE_MILLIS)));
            if (received != null && concernsThisLog(received)) {
                return true;
            }
        }
        return false;
    }

    private boolean concernsThisLog(PGNotification[] received) {
        for (PGNotification n : received) {
            if (CHANNEL.equals(n.getName()) && schema.equals(n.getParameter())) {
                return true;
            }
        }
        return false;
    }
}

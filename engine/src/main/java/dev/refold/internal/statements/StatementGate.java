package dev.refold.internal.statements;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;

/**
 * The one seam between deferral and whatever wants to see the handlers' statements first (write-behind does):
 * {@link DeferredStatements} asks the gate about every statement a handler opens and every transaction-control
 * call, and the gate may absorb the statement. Deferral knows nothing else of what stands behind it, so the
 * dependency runs one way: write-behind implements this, deferral only calls it.
 */
public interface StatementGate {
    /** Sends the statements waiting on the writer and waits for them. */
    @FunctionalInterface
    interface Pending {
        void flush() throws SQLException;
    }

    /** The writer the gate may write to, and how to send what is waiting on it before it does. */
    void bind(Connection writer, Pending pending);

    /** A statement that stands in for {@code sql}, or null when {@code sql} must reach the database. */
    PreparedStatement absorb(String sql, Connection owner) throws SQLException;

    /** Called before any statement the gate did not absorb reaches the writer. */
    void beforeStatement() throws SQLException;

    /** A handler controls the transaction itself ({@code what} names the call): the gate must stop holding anything. */
    void stopHolding(String what) throws SQLException;
}

package dev.refold.internal.db;

import dev.refold.DatabaseConnectionException;

import java.sql.SQLException;

/**
 * Turns the driver's connection errors into one line that says what went wrong and where, never with the
 * password.
 */
public final class ConnectionFailures {
    private ConnectionFailures() {
    }

    public static DatabaseConnectionException translate(SQLException e, String url, String user) {
        String state = e.getSQLState() == null ? "" : e.getSQLState();
        String where = JdbcUrls.withoutSecrets(url);
        String who = user != null ? "user '" + user + "'" : JdbcUrls.user(url).map(u -> "user '" + u + "'").orElse("the default user");
        String message = switch (state) {
            case "28P01", "28000" -> "Authentication failed for " + who + " at " + where
                    + ": check refold.user and refold.password (or REFOLD_USER / REFOLD_PASSWORD)";
            case "08004" -> isMissingPassword(e)
                    ? "Authentication failed for " + who + " at " + where + ": the server asks for a password and none"
                    + " was given; set refold.password (or REFOLD_PASSWORD)"
                    : "Cannot connect to PostgreSQL at " + where + ": " + firstLine(e.getMessage())
                    + " (is the server running, and are host and port right?)";
            case "3D000" -> "Database does not exist at " + where + ": " + firstLine(e.getMessage());
            case "08001", "08006" -> "Cannot connect to PostgreSQL at " + where
                    + ": " + firstLine(e.getMessage()) + " (is the server running, and are host and port right?)";
            default -> "Cannot open a connection to " + where + ": " + firstLine(e.getMessage())
                    + (state.isEmpty() ? "" : " [SQLSTATE " + state + "]");
        };
        return new DatabaseConnectionException(message, e);
    }

    /** pgjdbc's words when the server requests a password (md5, SCRAM or clear text) and none is configured. */
    private static boolean isMissingPassword(SQLException e) {
        String message = e.getMessage() == null ? "" : e.getMessage();
        return message.contains("no password was provided");
    }

    private static String firstLine(String message) {
        if (message == null) {
            return "no detail";
        }
        int newline = message.indexOf('\n');
        return newline < 0 ? message : message.substring(0, newline);
    }
}

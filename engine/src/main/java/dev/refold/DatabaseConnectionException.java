package dev.refold;

/** The database could not be reached: refused connection, wrong password, missing database. */
public class DatabaseConnectionException extends RefoldException {
    public DatabaseConnectionException(String message, Throwable cause) {
        super(message, cause);
    }
}

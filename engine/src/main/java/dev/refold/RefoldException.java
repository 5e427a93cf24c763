package dev.refold;

/** Base of every error Refold raises. Messages name the thing at fault: projection, event, file, property. */
public class RefoldException extends RuntimeException {
    public RefoldException(String message) {
        super(message);
    }

    public RefoldException(String message, Throwable cause) {
        super(message, cause);
    }
}

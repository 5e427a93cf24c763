package dev.refold.maven.generate;

/** A projection's DDL cannot be found, read or applied. The message names the file and what is wrong. */
public final class DdlException extends Exception {
    public DdlException(String message) {
        super(message);
    }

    public DdlException(String message, Throwable cause) {
        super(message, cause);
    }
}

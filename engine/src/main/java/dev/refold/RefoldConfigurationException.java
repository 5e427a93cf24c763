package dev.refold;

/** A configuration property is missing, malformed or of the wrong type. */
public class RefoldConfigurationException extends RefoldException {
    public RefoldConfigurationException(String message) {
        super(message);
    }
}

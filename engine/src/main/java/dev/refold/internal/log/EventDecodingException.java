package dev.refold.internal.log;

import dev.refold.RefoldException;

/** A stored event could not be turned into its Java type: unknown type, bad JSON, or a failing upcaster. */
public final class EventDecodingException extends RefoldException {
    private final long position;
    private final String eventType;

    public EventDecodingException(long position, String eventType, String message, Throwable cause) {
        super(message, cause);
        this.position = position;
        this.eventType = eventType;
    }

    public long position() {
        return position;
    }

    public String eventType() {
        return eventType;
    }
}

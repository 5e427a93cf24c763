package dev.refold.event;

import dev.refold.RefoldException;

/**
 * A stored event could not be turned into its Java type: an unknown type, a payload that does not fit the class,
 * or an upcaster that failed or returned nothing. It names the event's position and type.
 */
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

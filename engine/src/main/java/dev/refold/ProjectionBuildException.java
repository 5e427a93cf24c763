package dev.refold;

import java.util.OptionalLong;

/** A projection's build or catch-up failed: its DDL, a handler, or an event it could not decode. */
public class ProjectionBuildException extends RefoldException {
    private final String projection;
    private final int version;
    private final Long position;
    private final String eventType;

    public ProjectionBuildException(String projection, int version, Long position, String eventType,
                                    String message, Throwable cause) {
        super(message, cause);
        this.projection = projection;
        this.version = version;
        this.position = position;
        this.eventType = eventType;
    }

    public String projection() {
        return projection;
    }

    public int version() {
        return version;
    }

    /** The log position of the event being applied, if the failure happened on an event. */
    public OptionalLong position() {
        return position == null ? OptionalLong.empty() : OptionalLong.of(position);
    }

    /** The type name of the event being applied, or null. */
    public String eventType() {
        return eventType;
    }
}

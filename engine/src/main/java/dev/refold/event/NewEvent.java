package dev.refold.event;

import java.util.Objects;
import java.util.UUID;

/**
 * An event on its way into the log, with its id and metadata. Give events a deterministic id when an
 * append may be retried: an append whose event ids are already stored returns the original positions and
 * writes nothing.
 */
public final class NewEvent {
    private final Object event;
    private final UUID eventId;
    private final EventMetadata metadata;

    private NewEvent(Object event, UUID eventId, EventMetadata metadata) {
        this.event = Objects.requireNonNull(event, "event");
        this.eventId = Objects.requireNonNull(eventId, "eventId");
        this.metadata = Objects.requireNonNull(metadata, "metadata");
    }

    /** The event with a random id and no metadata. */
    public static NewEvent of(Object event) {
        return event instanceof NewEvent ready ? ready : new NewEvent(event, UUID.randomUUID(), EventMetadata.empty());
    }

    public NewEvent withId(UUID id) {
        return new NewEvent(event, id, metadata);
    }

    public NewEvent withMetadata(EventMetadata metadata) {
        return new NewEvent(event, eventId, metadata);
    }

    public Object event() {
        return event;
    }

    public UUID eventId() {
        return eventId;
    }

    public EventMetadata metadata() {
        return metadata;
    }
}

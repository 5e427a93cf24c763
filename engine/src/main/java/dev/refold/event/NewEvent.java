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
    private final boolean idChosenByCaller;

    private NewEvent(Object event, UUID eventId, EventMetadata metadata, boolean idChosenByCaller) {
        this.event = Objects.requireNonNull(event, "event");
        this.eventId = Objects.requireNonNull(eventId, "eventId");
        this.metadata = Objects.requireNonNull(metadata, "metadata");
        this.idChosenByCaller = idChosenByCaller;
    }

    /** The event with a random id and no metadata. */
    public static NewEvent of(Object event) {
        return event instanceof NewEvent ready ? ready : new NewEvent(event, UUID.randomUUID(), EventMetadata.empty(), false);
    }

    public NewEvent withId(UUID id) {
        return new NewEvent(event, id, metadata, true);
    }

    public NewEvent withMetadata(EventMetadata metadata) {
        return new NewEvent(event, eventId, metadata, idChosenByCaller);
    }

    /** True when the id came from {@link #withId}: only then can an append be a retry of an earlier one. */
    public boolean idChosenByCaller() {
        return idChosenByCaller;
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

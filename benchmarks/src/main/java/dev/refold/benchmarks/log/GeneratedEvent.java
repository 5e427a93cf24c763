package dev.refold.benchmarks.log;

import dev.refold.benchmarks.events.OrderEvents;

import java.util.UUID;

/** One event of the generated log, before it is stored: the stored position is assigned by the database. */
public record GeneratedEvent(String streamId, long streamVersion, UUID eventId, Object event) {
    public String eventType() {
        return OrderEvents.name(event.getClass());
    }

    public int typeVersion() {
        return OrderEvents.version(event.getClass());
    }
}

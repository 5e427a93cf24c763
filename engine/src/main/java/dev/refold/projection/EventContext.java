package dev.refold.projection;

import dev.refold.event.EventMetadata;
import org.jooq.DSLContext;

import java.time.Instant;
import java.util.UUID;

/** Where an event stands in the log, and the jOOQ context to write the read model with. */
public interface EventContext {
    /**
     * A jOOQ context bound to the transaction Refold manages. Write the projection's tables through the
     * jOOQ classes generated for them: during a rebuild their schema is mapped to the shadow copy.
     *
     * <p>During a rebuild, writes of one row by its primary key may be held in memory and copied in later
     * (write-behind); reads through this context still see them, and the read model comes out as if every
     * statement had run as written.
     */
    DSLContext dsl();

    long position();

    String streamId();

    long streamVersion();

    UUID eventId();

    String eventType();

    EventMetadata metadata();

    Instant recordedAt();

    /** True while a rebuild replays the log; false when the event is applied live. */
    boolean replaying();
}

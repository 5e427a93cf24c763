package dev.refold.internal.replay;

import dev.refold.event.EventMetadata;
import dev.refold.internal.log.EventCodec;
import dev.refold.internal.log.LogRow;
import dev.refold.projection.EventContext;
import org.jooq.DSLContext;

import java.time.Instant;
import java.util.UUID;

/** The context handed to a handler for one event. Metadata is decoded only if a handler asks for it. */
final class ReplayContext implements EventContext {
    private final LogRow row;
    private final DSLContext dsl;
    private final boolean replaying;
    private final EventCodec codec;
    private EventMetadata metadata;

    ReplayContext(LogRow row, DSLContext dsl, boolean replaying, EventCodec codec) {
        this.row = row;
        this.dsl = dsl;
        this.replaying = replaying;
        this.codec = codec;
    }

    @Override
    public DSLContext dsl() {
        return dsl;
    }

    @Override
    public long position() {
        return row.position();
    }

    @Override
    public String streamId() {
        return row.streamId();
    }

    @Override
    public long streamVersion() {
        return row.streamVersion();
    }

    @Override
    public UUID eventId() {
        return row.eventId();
    }

    @Override
    public String eventType() {
        return row.type();
    }

    @Override
    public EventMetadata metadata() {
        if (metadata == null) {
            metadata = codec.decodeMetadata(row.metadataJson());
        }
        return metadata;
    }

    @Override
    public Instant recordedAt() {
        return row.recordedAt();
    }

    @Override
    public boolean replaying() {
        return replaying;
    }
}

package dev.refold.internal.log;

import dev.refold.event.RecordedEvent;

import java.sql.ResultSet;
import java.sql.SQLException;

/** The one select list every reader of {@code events} uses, and its mapping to a {@link RecordedEvent}. */
public final class StoredEvents {
    /** Columns 1..10, in the order {@link #read} expects. */
    public static final String COLUMNS = "position, transaction_id::text::bigint, stream_id, stream_version, event_id,"
            + " event_type, type_version, payload::text, metadata::text, recorded_at";

    private StoredEvents() {
    }

    /** Maps the current row; the event is null when its type is unknown and skipping is allowed. */
    public static RecordedEvent<Object> read(ResultSet rs, EventCodec codec, boolean skipUnknown) throws SQLException {
        LogRow row = LogRow.read(rs);
        Object event = codec.decode(row.position(), row.type(), row.typeVersion(), row.payloadJson(), skipUnknown);
        return new RecordedEvent<>(row.position(), row.transactionId(), row.streamId(), row.streamVersion(), row.eventId(),
                row.type(), row.typeVersion(), event, codec.decodeMetadata(row.metadataJson()), row.recordedAt());
    }
}

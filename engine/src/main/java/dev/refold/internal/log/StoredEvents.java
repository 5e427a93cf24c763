package dev.refold.internal.log;

import dev.refold.event.RecordedEvent;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.UUID;

/** The one select list every reader of {@code events} uses, and the row mapping that goes with it. */
public final class StoredEvents {
    /** Columns 1..10, in the order {@link #read} expects. */
    public static final String COLUMNS = "position, transaction_id::text::bigint, stream_id, stream_version, event_id,"
            + " event_type, type_version, payload::text, metadata::text, recorded_at";

    private StoredEvents() {
    }

    /** Maps the current row; the event is null when its type is unknown and skipping is allowed. */
    public static RecordedEvent<Object> read(ResultSet rs, EventCodec codec, boolean skipUnknown) throws SQLException {
        long position = rs.getLong(1);
        String type = rs.getString(6);
        int version = rs.getInt(7);
        Object event = codec.decode(position, type, version, rs.getString(8), skipUnknown);
        return new RecordedEvent<>(position, rs.getLong(2), rs.getString(3), rs.getLong(4), rs.getObject(5, UUID.class),
                type, version, event, codec.decodeMetadata(rs.getString(9)), rs.getTimestamp(10).toInstant());
    }
}

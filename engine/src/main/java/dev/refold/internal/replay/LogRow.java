package dev.refold.internal.replay;

import dev.refold.internal.log.StoredEvents;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.UUID;

/** A stored event as the replay reads it: still JSON, decoded only when applied. */
record LogRow(long position, long transactionId, String streamId, long streamVersion, UUID eventId, String type,
              int typeVersion, String payloadJson, String metadataJson, Instant recordedAt) {

    /** The current row of a query that selects {@link StoredEvents#COLUMNS}. */
    static LogRow read(ResultSet rs) throws SQLException {
        return new LogRow(rs.getLong(1), rs.getLong(2), rs.getString(3), rs.getLong(4), rs.getObject(5, UUID.class),
                rs.getString(6), rs.getInt(7), rs.getString(8), rs.getString(9), rs.getTimestamp(10).toInstant());
    }
}

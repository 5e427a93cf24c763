package dev.refold.internal.log;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.UUID;

/** A stored event as read from {@code events}: still JSON, decoded only when needed. */
public record LogRow(long position, long transactionId, String streamId, long streamVersion, UUID eventId, String type,
              int typeVersion, String payloadJson, String metadataJson, Instant recordedAt) {

    /** The current row of a query that selects {@link StoredEvents#COLUMNS}. */
    public static LogRow read(ResultSet rs) throws SQLException {
        return new LogRow(rs.getLong(1), rs.getLong(2), rs.getString(3), rs.getLong(4), rs.getObject(5, UUID.class),
                rs.getString(6), rs.getInt(7), rs.getString(8), rs.getString(9),
                rs.getObject(10, OffsetDateTime.class).toInstant()); // getTimestamp goes through Calendar: several times slower
    }
}

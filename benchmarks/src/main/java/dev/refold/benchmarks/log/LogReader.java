package dev.refold.benchmarks.log;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectReader;
import dev.refold.benchmarks.events.OrderEvents;

import java.io.IOException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.HashMap;
import java.util.Map;
import java.util.function.Consumer;

/**
 * Streams the log for the baselines the way Refold's replay reads it: in (transaction id, position) order,
 * below the oldest transaction still running, through a server-side cursor so memory stays flat, each payload
 * decoded by Jackson into its event record.
 */
public final class LogReader {
    public static final int FETCH_SIZE = 10_000;
    private static final String QUERY = "select event_type, payload from refold.events"
            + " where transaction_id < pg_snapshot_xmin(pg_current_snapshot())"
            + " order by transaction_id, position limit ?";

    private final ObjectMapper mapper = OrderEvents.objectMapper();
    private final Map<String, ObjectReader> readers = new HashMap<>();

    /**
     * Reads up to {@code limit} events on {@code connection}, which it uses for nothing else: the cursor needs
     * a transaction of its own, so writers must use another connection. Returns how many were read.
     */
    public long read(Connection connection, long limit, Consumer<Object> consumer) throws SQLException {
        connection.setAutoCommit(false);
        long count = 0;
        try (PreparedStatement query = connection.prepareStatement(QUERY)) {
            query.setFetchSize(FETCH_SIZE);
            query.setLong(1, limit);
            try (ResultSet rs = query.executeQuery()) {
                while (rs.next()) {
                    consumer.accept(decode(rs.getString(1), rs.getString(2)));
                    count++;
                }
            }
        } finally {
            connection.rollback();
        }
        return count;
    }

    private Object decode(String type, String json) {
        ObjectReader reader = readers.computeIfAbsent(type, name -> mapper.readerFor(OrderEvents.type(name)));
        try {
            return reader.readValue(json);
        } catch (IOException e) {
            throw new IllegalStateException("Cannot decode a " + type + " payload: " + json, e);
        }
    }
}

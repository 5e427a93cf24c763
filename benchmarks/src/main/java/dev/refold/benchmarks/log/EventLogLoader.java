package dev.refold.benchmarks.log;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectWriter;
import dev.refold.benchmarks.events.OrderEvents;
import org.postgresql.PGConnection;
import org.postgresql.copy.PGCopyOutputStream;

import java.io.BufferedWriter;
import java.io.IOException;
import java.io.OutputStreamWriter;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.Iterator;
import java.util.function.LongConsumer;

/**
 * Writes generated events into {@code refold.events} with COPY: the log is input to the benchmark, not
 * something it measures, so it goes in the fastest way PostgreSQL offers.
 *
 * <p>Each COPY of {@value #EVENTS_PER_COPY} events commits on its own, so the log spans many transaction
 * ids, as a real one does, and a 10,000,000-event load never holds one giant transaction open.
 */
public final class EventLogLoader {
    static final int EVENTS_PER_COPY = 100_000;
    private static final String COPY_SQL = "copy refold.events (stream_id, stream_version, event_id, event_type, type_version, payload)"
            + " from stdin";

    private final ObjectWriter json = OrderEvents.objectMapper().writer();

    /**
     * Loads every event the iterator gives; returns how many.
     *
     * @param progress called with the running total after each committed COPY
     */
    public long load(Connection connection, Iterator<GeneratedEvent> events, LongConsumer progress) throws SQLException {
        connection.setAutoCommit(true);
        PGConnection pg = connection.unwrap(PGConnection.class);
        long total = 0;
        while (events.hasNext()) {
            total += copyChunk(pg, events);
            progress.accept(total);
        }
        return total;
    }

    private long copyChunk(PGConnection pg, Iterator<GeneratedEvent> events) throws SQLException {
        long count = 0;
        try (Writer out = new BufferedWriter(new OutputStreamWriter(
                new PGCopyOutputStream(pg, COPY_SQL, 1 << 16), StandardCharsets.UTF_8), 1 << 16)) {
            while (count < EVENTS_PER_COPY && events.hasNext()) {
                writeRow(out, events.next());
                count++;
            }
        } catch (UncheckedIOException e) {
            throw new SQLException("COPY into refold.events failed: " + e.getCause().getMessage(), e);
        } catch (IOException e) {
            throw new SQLException("COPY into refold.events failed: " + e.getMessage(), e);
        }
        return count;
    }

    private void writeRow(Writer out, GeneratedEvent event) throws IOException {
        CopyText.field(out, event.streamId());
        out.write('\t');
        out.write(Long.toString(event.streamVersion()));
        out.write('\t');
        out.write(event.eventId().toString());
        out.write('\t');
        CopyText.field(out, event.eventType());
        out.write('\t');
        out.write(Integer.toString(event.typeVersion()));
        out.write('\t');
        CopyText.field(out, encode(event.event()));
        out.write('\n');
    }

    private String encode(Object event) {
        try {
            return json.writeValueAsString(event);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("Cannot write " + event + " as JSON", e);
        }
    }
}

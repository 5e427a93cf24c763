package dev.refold.internal.log;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.refold.RefoldException;
import dev.refold.internal.db.CopyCsv;
import dev.refold.internal.db.Database;
import dev.refold.internal.db.Identifiers;
import dev.refold.result.ImportResult;
import org.postgresql.PGConnection;
import org.postgresql.copy.CopyIn;
import org.postgresql.copy.CopyOut;
import org.postgresql.util.PSQLException;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.UUID;

/**
 * Loads events from NDJSON, one event per line, the fixture and export format of {@code verify}:
 * <pre>{"streamId":"post-1","type":"PostPublished","typeVersion":1,"payload":{...},"metadata":{...},"eventId":"..."}</pre>
 * {@code typeVersion}, {@code metadata} and {@code eventId} are optional. Without an event id, one is derived
 * from the file name, line and content, so importing the same file twice appends nothing the second time.
 *
 * <p>The whole file is one transaction: every line is validated and COPYed into a temporary staging table, then
 * one INSERT ... SELECT gives each new event the next version of its stream, in file order, and skips the events
 * whose ids are already stored. A round trip per stream (what appending stream by stream costs) would make an
 * import of millions of events take the better part of an hour; this way it runs at about the speed of a raw
 * COPY into the log. A failure anywhere appends nothing.
 */
public final class NdjsonImporter {
    private static final String STAGING = "refold_import";
    private static final String STAGED_COLUMNS = "line, stream_id, event_id, event_type, type_version, payload, metadata";

    private final Database database;
    private final String events;
    private final String eventTypes;
    private final ObjectMapper mapper;

    public NdjsonImporter(Database database, String schema, ObjectMapper mapper) {
        this.database = database;
        this.events = Identifiers.quote(schema) + ".events";
        this.eventTypes = Identifiers.quote(schema) + ".event_types";
        this.mapper = mapper;
    }

    /** Counts what it read, wrote and skipped as it goes: see {@link ImportResult}. */
    public ImportResult importFile(Path file) {
        long started = System.nanoTime();
        try (Connection connection = database.connection()) {
            connection.setAutoCommit(false);
            try {
                Lines lines = stage(connection, file);
                rejectRepeatedIds(connection, file);
                rejectIdsOfOtherStreams(connection, file);
                connection.commit(); // only the session's staging table so far
                long appended = append(connection, file);
                connection.commit();
                return new ImportResult(file.toString(), lines.number, lines.events, appended, lines.events - appended,
                        (System.nanoTime() - started) / 1_000_000);
            } catch (SQLException | RuntimeException e) {
                connection.rollback();
                throw e;
            } finally {
                try (Statement statement = connection.createStatement()) {
                    statement.execute("drop table if exists pg_temp." + STAGING);
                }
                connection.commit();
            }
        } catch (UncheckedIOException e) {
            throw new RefoldException("Cannot read event file " + file + ": " + e.getCause().getMessage(), e.getCause());
        } catch (SQLException e) {
            throw new RefoldException("Import of " + file + " failed, nothing was appended: " + e.getMessage(), e);
        }
    }

    /**
     * The staging table holds the JSON as text: PostgreSQL parses it into jsonb once, as it goes into the log.
     * Lines are validated as they are read, so that a bad one is named with its line number, and the rows stream
     * to the server while the file is read, so the client holds one chunk of the file at a time.
     */
    private Lines stage(Connection connection, Path file) throws SQLException {
        try (Statement statement = connection.createStatement()) {
            statement.execute("drop table if exists pg_temp." + STAGING);
            statement.execute("create temporary table " + STAGING + " (line bigint not null, stream_id text not null,"
                    + " event_id uuid not null, event_type text not null, type_version int not null, payload text not null,"
                    + " metadata text not null)");
        }
        try (BufferedReader reader = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            Lines lines = new Lines(file, reader);
            CopyCsv.copyIn(connection, STAGING, STAGED_COLUMNS, () -> lines, NdjsonImporter::writeRow);
            try (Statement statement = connection.createStatement()) {
                statement.execute("analyze " + STAGING);
            }
            return lines;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void writeRow(Staged row, StringBuilder csv) {
        CopyCsv.field(csv, true, Long.toString(row.line()));
        CopyCsv.field(csv, false, row.streamId());
        CopyCsv.field(csv, false, row.eventId().toString());
        CopyCsv.field(csv, false, row.type());
        CopyCsv.field(csv, false, Integer.toString(row.typeVersion()));
        CopyCsv.field(csv, false, row.payloadJson());
        CopyCsv.field(csv, false, row.metadataJson());
    }

    private void rejectRepeatedIds(Connection connection, Path file) throws SQLException {
        try (Statement statement = connection.createStatement();
             ResultSet rs = statement.executeQuery("select event_id, min(line), max(line) from " + STAGING
                     + " group by event_id having count(*) > 1 order by min(line) limit 1")) {
            if (rs.next()) {
                throw new RefoldException(file + " lines " + rs.getLong(2) + " and " + rs.getLong(3)
                        + " carry the same event id " + rs.getString(1) + ": each event needs an id of its own");
            }
        }
    }

    private void rejectIdsOfOtherStreams(Connection connection, Path file) throws SQLException {
        try (Statement statement = connection.createStatement();
             ResultSet rs = statement.executeQuery("select s.line, s.event_id, s.stream_id, e.stream_id from " + STAGING
                     + " s join " + events + " e on e.event_id = s.event_id where e.stream_id <> s.stream_id order by s.line limit 1")) {
            if (rs.next()) {
                throw new RefoldException(file + " line " + rs.getLong(1) + ": event id " + rs.getString(2)
                        + " is already stored in stream '" + rs.getString(4) + "', not in '" + rs.getString(3) + "'");
            }
        }
    }

    /**
     * New events follow their stream's head, in file order, and take positions in file order; events whose ids are
     * stored already are left out. The staging session selects them with their versions and a second connection
     * COPYs that stream straight into the log (an INSERT ... SELECT inserts row by row, at less than half COPY's
     * speed). The COPY is the second transaction's first write, so its transaction id is assigned after the
     * staging query's snapshot was taken: every append that snapshot sees committed got its id earlier, and
     * readers, who follow (transaction id, position), meet each stream's events in stream order. An append to the
     * same streams that commits meanwhile takes a version the COPY takes too, and one of the two fails on the
     * stream's unique version rather than interleave.
     */
    private long append(Connection staging, Path file) throws SQLException {
        List<Object[]> types = new ArrayList<>();
        try (Statement statement = staging.createStatement();
             ResultSet rs = statement.executeQuery("select distinct event_type, type_version from " + STAGING)) {
            while (rs.next()) {
                types.add(new Object[]{rs.getString(1), rs.getInt(2)});
            }
        }
        try (Connection writer = database.connection()) {
            writer.setAutoCommit(false);
            try {
                CopyOut out = staging.unwrap(PGConnection.class).getCopyAPI().copyOut("copy (select n.stream_id,"
                        + " coalesce(h.head, 0) + row_number() over (partition by n.stream_id order by n.line),"
                        + " n.event_id, n.event_type, n.type_version, n.payload, n.metadata"
                        + " from (select * from " + STAGING + " s where not exists (select from " + events
                        + " e where e.event_id = s.event_id)) n"
                        + " left join (select e.stream_id, max(e.stream_version) head from " + events + " e"
                        + " where e.stream_id in (select stream_id from " + STAGING + ") group by e.stream_id) h"
                        + " on h.stream_id = n.stream_id order by n.line) to stdout");
                CopyIn in = writer.unwrap(PGConnection.class).getCopyAPI().copyIn("copy " + events
                        + " (stream_id, stream_version, event_id, event_type, type_version, payload, metadata) from stdin");
                long appended;
                try {
                    byte[] row;
                    while ((row = out.readFromCopy()) != null) {
                        in.writeToCopy(row, 0, row.length);
                    }
                    appended = in.endCopy(); // the rows the server stored: what the import wrote, gaps elsewhere aside
                } finally {
                    if (in.isActive()) {
                        in.cancelCopy();
                    }
                    if (out.isActive()) {
                        out.cancelCopy();
                    }
                }
                try (PreparedStatement insert = writer.prepareStatement("insert into " + eventTypes
                        + " (event_type, type_version) values (?, ?) on conflict do nothing")) {
                    for (Object[] type : types) {
                        insert.setString(1, (String) type[0]);
                        insert.setInt(2, (Integer) type[1]);
                        insert.addBatch();
                    }
                    insert.executeBatch();
                }
                writer.commit();
                return appended;
            } catch (SQLException | RuntimeException e) {
                writer.rollback();
                if (e instanceof PSQLException p && "23505".equals(p.getSQLState())) {
                    throw new RefoldException("Import of " + file + ": a stream it appends to was appended to while it ran;"
                            + " nothing was imported, import it again", e);
                }
                throw e;
            }
        }
    }

    /** An event of the file, validated, as it is staged. */
    private record Staged(long line, String streamId, UUID eventId, String type, int typeVersion, String payloadJson,
                          String metadataJson) {
    }

    /** The file's events, read and validated one line at a time as the COPY asks for them. */
    private final class Lines implements Iterator<Staged> {
        private final Path file;
        private final BufferedReader reader;
        private long number;
        private long events;
        private Staged next;

        Lines(Path file, BufferedReader reader) {
            this.file = file;
            this.reader = reader;
        }

        @Override
        public boolean hasNext() {
            while (next == null) {
                String line;
                try {
                    line = reader.readLine();
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
                if (line == null) {
                    return false;
                }
                number++;
                if (!line.isBlank()) {
                    next = staged(number, line);
                    events++;
                }
            }
            return true;
        }

        @Override
        public Staged next() {
            if (!hasNext()) {
                throw new NoSuchElementException();
            }
            Staged row = next;
            next = null;
            return row;
        }

        private Staged staged(long number, String line) {
            JsonNode node = parse(number, line);
            String streamId = text(number, node, "streamId");
            if (streamId.length() > EventLimits.MAX_STREAM_ID_LENGTH) {
                throw new RefoldException(file + " line " + number + ": 'streamId' is " + streamId.length()
                        + " characters long; stream ids have at most " + EventLimits.MAX_STREAM_ID_LENGTH);
            }
            String type = text(number, node, "type");
            JsonNode versionNode = node.get("typeVersion");
            int version = 1;
            if (versionNode != null && !versionNode.isNull()) {
                if (!versionNode.canConvertToInt() || !versionNode.isIntegralNumber() || versionNode.asInt() < 1) {
                    throw new RefoldException(file + " line " + number + ": 'typeVersion' must be a whole number from 1, not " + versionNode);
                }
                version = versionNode.asInt();
            }
            JsonNode payload = node.get("payload");
            if (payload == null || !payload.isObject()) {
                throw new RefoldException(file + " line " + number + ": 'payload' must be a JSON object");
            }
            JsonNode metadata = node.get("metadata");
            if (metadata != null && !metadata.isNull() && !metadata.isObject()) {
                throw new RefoldException(file + " line " + number + ": 'metadata' must be a JSON object");
            }
            UUID id;
            if (node.hasNonNull("eventId")) {
                try {
                    id = UUID.fromString(node.get("eventId").asText());
                } catch (IllegalArgumentException e) {
                    throw new RefoldException(file + " line " + number + ": 'eventId' is not a UUID: " + node.get("eventId").asText());
                }
            } else {
                id = UUID.nameUUIDFromBytes((file.getFileName() + ":" + number + ":" + line).getBytes(StandardCharsets.UTF_8));
            }
            String payloadJson = payload.toString();
            String metadataJson = metadata == null || metadata.isNull() ? "{}" : metadata.toString();
            refuseForJsonb(number, "payload", payloadJson);
            refuseForJsonb(number, "metadata", metadataJson);
            return new Staged(number, streamId, id, type, version, payloadJson, metadataJson);
        }

        private void refuseForJsonb(long number, String field, String json) {
            String refusal = EventLimits.jsonbRefusal(json);
            if (refusal != null) {
                throw new RefoldException(file + " line " + number + ": '" + field + "' cannot be stored: " + refusal);
            }
        }

        private JsonNode parse(long number, String line) {
            try {
                JsonNode node = mapper.readTree(line);
                if (node == null || !node.isObject()) {
                    throw new RefoldException(file + " line " + number + ": expected a JSON object per line");
                }
                return node;
            } catch (IOException e) {
                throw new RefoldException(file + " line " + number + ": not valid JSON: " + e.getMessage());
            }
        }

        private String text(long number, JsonNode node, String field) {
            JsonNode value = node.get(field);
            if (value == null || !value.isTextual() || value.asText().isBlank()) {
                throw new RefoldException(file + " line " + number + ": missing or empty '" + field + "'");
            }
            return value.asText();
        }
    }
}

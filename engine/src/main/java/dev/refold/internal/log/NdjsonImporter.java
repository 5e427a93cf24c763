package dev.refold.internal.log;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.refold.RefoldException;
import dev.refold.event.ExpectedVersion;

import java.io.BufferedReader;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/**
 * Loads events from NDJSON, one event per line, the fixture and export format of {@code verify}:
 * <pre>{"streamId":"post-1","type":"PostPublished","typeVersion":1,"payload":{...},"metadata":{...},"eventId":"..."}</pre>
 * {@code typeVersion}, {@code metadata} and {@code eventId} are optional. Without an event id, one is derived
 * from the file name, line and content, so importing the same file twice appends nothing the second time.
 * Consecutive lines of one stream are appended together.
 */
public final class NdjsonImporter {
    private final JdbcEventLog log;
    private final ObjectMapper mapper;

    public NdjsonImporter(JdbcEventLog log, ObjectMapper mapper) {
        this.log = log;
        this.mapper = mapper;
    }

    /** Returns the number of events read from the file. */
    public long importFile(Path file) {
        long count = 0;
        String stream = null;
        List<JdbcEventLog.StoredForm> pending = new ArrayList<>();
        try (BufferedReader reader = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            String line;
            int number = 0;
            while ((line = reader.readLine()) != null) {
                number++;
                if (line.isBlank()) {
                    continue;
                }
                JsonNode node = parse(file, number, line);
                String streamId = text(file, number, node, "streamId");
                if (stream != null && !stream.equals(streamId)) {
                    log.appendStored(stream, ExpectedVersion.any(), pending);
                    pending = new ArrayList<>();
                }
                stream = streamId;
                pending.add(storedForm(file, number, node, line));
                count++;
            }
            if (!pending.isEmpty()) {
                log.appendStored(stream, ExpectedVersion.any(), pending);
            }
        } catch (IOException e) {
            throw new RefoldException("Cannot read event file " + file + ": " + e.getMessage(), e);
        }
        return count;
    }

    private JdbcEventLog.StoredForm storedForm(Path file, int number, JsonNode node, String line) {
        String type = text(file, number, node, "type");
        int version = node.path("typeVersion").asInt(1);
        JsonNode payload = node.get("payload");
        if (payload == null || !payload.isObject()) {
            throw new RefoldException(file + " line " + number + ": 'payload' must be a JSON object");
        }
        JsonNode metadata = node.get("metadata");
        if (metadata != null && !metadata.isObject()) {
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
        return new JdbcEventLog.StoredForm(id, type, version, payload.toString(), metadata == null ? "{}" : metadata.toString());
    }

    private JsonNode parse(Path file, int number, String line) {
        try {
            JsonNode node = mapper.readTree(line);
            if (!node.isObject()) {
                throw new RefoldException(file + " line " + number + ": expected a JSON object per line");
            }
            return node;
        } catch (IOException e) {
            throw new RefoldException(file + " line " + number + ": not valid JSON: " + e.getMessage());
        }
    }

    private static String text(Path file, int number, JsonNode node, String field) {
        JsonNode value = node.get(field);
        if (value == null || !value.isTextual() || value.asText().isBlank()) {
            throw new RefoldException(file + " line " + number + ": missing or empty '" + field + "'");
        }
        return value.asText();
    }
}

package dev.refold.internal.log;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectReader;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import dev.refold.RefoldException;
import dev.refold.event.EventDecodingException;
import dev.refold.event.EventMetadata;

import java.io.IOException;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * JSON for payloads and metadata. Decoding is strict (unknown properties and missing primitives fail),
 * because a payload that silently loses a field is worse than one that stops a rebuild with a clear error.
 */
public final class EventCodec {
    private static final TypeReference<Map<String, String>> STRING_MAP = new TypeReference<>() {
    };

    private final ObjectMapper mapper = new ObjectMapper()
            .registerModule(new JavaTimeModule())
            .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)
            .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES);
    private final Map<Class<?>, ObjectReader> readers = new ConcurrentHashMap<>();
    private final EventTypeRegistry types;
    private final UpcasterChain upcasters;

    public EventCodec(EventTypeRegistry types, UpcasterChain upcasters) {
        this.types = types;
        this.upcasters = upcasters;
    }

    public ObjectMapper mapper() {
        return mapper;
    }

    public String encode(Object event) {
        try {
            return mapper.writeValueAsString(event);
        } catch (JsonProcessingException e) {
            throw new RefoldException("Cannot serialise event " + event.getClass().getName() + " to JSON: " + e.getOriginalMessage(), e);
        }
    }

    public String encodeMetadata(EventMetadata metadata) {
        if (metadata.asMap().isEmpty()) {
            return "{}";
        }
        try {
            return mapper.writeValueAsString(metadata.asMap());
        } catch (JsonProcessingException e) {
            throw new RefoldException("Cannot serialise event metadata: " + e.getOriginalMessage(), e);
        }
    }

    public EventMetadata decodeMetadata(String json) {
        if (json == null || json.equals("{}")) {
            return EventMetadata.empty();
        }
        try {
            return EventMetadata.of(mapper.readValue(json, STRING_MAP));
        } catch (JsonProcessingException e) {
            return EventMetadata.empty().with("raw", json);
        }
    }

    /**
     * Decodes a stored payload into its current Java type, upcasting older versions on the way.
     *
     * @return the event, or null when the type is unknown and {@code skipUnknown} is set
     */
    public Object decode(long position, String type, int version, String json, boolean skipUnknown) {
        Class<?> target = types.classFor(type);
        if (target == null) {
            if (skipUnknown) {
                return null;
            }
            throw new EventDecodingException(position, type, "Unknown event type '" + type + "' at position " + position
                    + ": no class with @EventType(name = \"" + type + "\") is registered (register it with"
                    + " eventTypes(...), or set refold.skipUnknownEventTypes=true to skip such events)", null);
        }
        int current = types.currentVersion(type);
        if (version > current) {
            throw new EventDecodingException(position, type, "Event at position " + position + " is " + type + " v" + version
                    + ", newer than the v" + current + " this code knows (" + target.getName() + ")", null);
        }
        ObjectReader reader = readers.computeIfAbsent(target, mapper::readerFor);
        try {
            if (version == current) {
                return reader.readValue(json);
            }
            JsonNode tree = mapper.readTree(json);
            if (!(tree instanceof ObjectNode object)) {
                throw new EventDecodingException(position, type, "Event at position " + position + " (" + type + " v" + version
                        + ") has a payload that is not a JSON object: " + abbreviate(json), null);
            }
            ObjectNode upcast;
            try {
                upcast = upcasters.upcast(type, version, current, object);
            } catch (RuntimeException e) {
                throw new EventDecodingException(position, type, "Upcasting event at position " + position + " (" + type
                        + " v" + version + " to v" + current + ") failed: " + e, e);
            }
            return reader.readValue(upcast);
        } catch (IOException e) {
            String detail = e instanceof JsonProcessingException jpe ? jpe.getOriginalMessage() : e.getMessage();
            throw new EventDecodingException(position, type, "Cannot decode event at position " + position + " (" + type
                    + " v" + version + ") into " + target.getName() + ": " + detail + "; payload: " + abbreviate(json), e);
        }
    }

    private static String abbreviate(String json) {
        return json.length() <= 200 ? json : json.substring(0, 200) + "...";
    }
}

package dev.refold.event;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * Data that travels with an event but is not part of it: correlation and causation ids, the user, and any
 * other string entries. Stored as the event's {@code metadata} jsonb.
 */
public final class EventMetadata {
    public static final String CORRELATION_ID = "correlationId";
    public static final String CAUSATION_ID = "causationId";
    public static final String USER = "user";

    private static final EventMetadata EMPTY = new EventMetadata(Map.of());

    private final Map<String, String> entries;

    private EventMetadata(Map<String, String> entries) {
        this.entries = entries;
    }

    public static EventMetadata empty() {
        return EMPTY;
    }

    public static EventMetadata of(Map<String, String> entries) {
        return entries.isEmpty() ? EMPTY : new EventMetadata(Collections.unmodifiableMap(new LinkedHashMap<>(entries)));
    }

    public EventMetadata with(String key, String value) {
        Map<String, String> copy = new LinkedHashMap<>(entries);
        copy.put(key, value);
        return new EventMetadata(Collections.unmodifiableMap(copy));
    }

    public EventMetadata withCorrelationId(String id) {
        return with(CORRELATION_ID, id);
    }

    public EventMetadata withCausationId(String id) {
        return with(CAUSATION_ID, id);
    }

    public EventMetadata withUser(String user) {
        return with(USER, user);
    }

    public Optional<String> get(String key) {
        return Optional.ofNullable(entries.get(key));
    }

    public Optional<String> correlationId() {
        return get(CORRELATION_ID);
    }

    public Optional<String> causationId() {
        return get(CAUSATION_ID);
    }

    public Optional<String> user() {
        return get(USER);
    }

    public Map<String, String> asMap() {
        return entries;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof EventMetadata other && other.entries.equals(entries);
    }

    @Override
    public int hashCode() {
        return entries.hashCode();
    }

    @Override
    public String toString() {
        return entries.toString();
    }
}

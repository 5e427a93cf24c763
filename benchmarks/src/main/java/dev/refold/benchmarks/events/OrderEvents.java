package dev.refold.benchmarks.events;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import dev.refold.event.EventType;

import java.util.List;
import java.util.Map;

/** The benchmark's event types, and the one Jackson configuration that writes and reads their JSON. */
public final class OrderEvents {
    public static final List<Class<?>> TYPES = List.of(OrderPlaced.class, ItemAdded.class, OrderShipped.class);

    private static final Map<String, Class<?>> BY_NAME = Map.of(
            name(OrderPlaced.class), OrderPlaced.class,
            name(ItemAdded.class), ItemAdded.class,
            name(OrderShipped.class), OrderShipped.class);

    private OrderEvents() {
    }

    /**
     * ISO-8601 instants rather than Jackson's default decimal seconds: the stored JSON stays readable, and
     * every Jackson reader with the JSR-310 module (the engine's included) reads both forms.
     */
    public static ObjectMapper objectMapper() {
        return new ObjectMapper()
                .registerModule(new JavaTimeModule())
                .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS);
    }

    public static String name(Class<?> type) {
        return type.getAnnotation(EventType.class).name();
    }

    public static int version(Class<?> type) {
        return type.getAnnotation(EventType.class).version();
    }

    /** The Java class stored under this type name; fails on a name the benchmark never writes. */
    public static Class<?> type(String name) {
        Class<?> type = BY_NAME.get(name);
        if (type == null) {
            throw new IllegalStateException("The benchmark log holds an event type it did not write: " + name);
        }
        return type;
    }
}

package dev.refold.internal.log;

import dev.refold.RefoldConfigurationException;
import dev.refold.event.EventType;

import java.util.Collection;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/** Maps event classes to their stored (name, version) and back. The Java class name is never stored. */
public final class EventTypeRegistry {
    private final Map<Class<?>, EventType> byClass = new ConcurrentHashMap<>();
    private final Map<String, Class<?>> byName = new ConcurrentHashMap<>();

    /** Registers {@code type}, checking its annotation; returns its stored identity. */
    public EventType register(Class<?> type) {
        EventType known = byClass.get(type);
        if (known != null) {
            return known;
        }
        EventType annotation = type.getAnnotation(EventType.class);
        if (annotation == null) {
            throw new RefoldConfigurationException("Event class " + type.getName()
                    + " has no @EventType annotation: give it a stable name and version, e.g. @EventType(name = \""
                    + type.getSimpleName() + "\", version = 1)");
        }
        if (annotation.name().isBlank() || annotation.version() < 1) {
            throw new RefoldConfigurationException("Event class " + type.getName()
                    + " has an invalid @EventType: the name must not be blank and the version must be at least 1");
        }
        Class<?> other = byName.putIfAbsent(annotation.name(), type);
        if (other != null && other != type) {
            throw new RefoldConfigurationException("Event type name '" + annotation.name() + "' is declared by both "
                    + other.getName() + " and " + type.getName());
        }
        byClass.put(type, annotation);
        return annotation;
    }

    /** The class registered for a stored type name, or null. */
    public Class<?> classFor(String name) {
        return byName.get(name);
    }

    public Collection<Class<?>> classes() {
        return byClass.keySet();
    }

    public int currentVersion(String name) {
        Class<?> type = byName.get(name);
        return type == null ? -1 : byClass.get(type).version();
    }
}

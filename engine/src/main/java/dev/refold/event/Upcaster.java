package dev.refold.event;

import com.fasterxml.jackson.databind.node.ObjectNode;

import java.util.function.UnaryOperator;

/**
 * Turns the stored JSON of one event type at version {@code n} into version {@code n + 1}. Upcasters run
 * when events are read; the log itself is never rewritten. Register one per step: a chain with a gap is
 * reported when Refold opens the log.
 */
public interface Upcaster {
    /** The event type name, as in {@link EventType#name()}. */
    String eventType();

    /** The version this upcaster reads; it produces {@code fromVersion() + 1}. */
    int fromVersion();

    /** Returns the payload at the next version. May modify and return {@code payload}. */
    ObjectNode upcast(ObjectNode payload);

    /** An upcaster from a lambda. */
    static Upcaster of(String eventType, int fromVersion, UnaryOperator<ObjectNode> step) {
        return new Upcaster() {
            @Override
            public String eventType() {
                return eventType;
            }

            @Override
            public int fromVersion() {
                return fromVersion;
            }

            @Override
            public ObjectNode upcast(ObjectNode payload) {
                return step.apply(payload);
            }

            @Override
            public String toString() {
                return "upcaster " + eventType + " v" + fromVersion + "->v" + (fromVersion + 1);
            }
        };
    }
}

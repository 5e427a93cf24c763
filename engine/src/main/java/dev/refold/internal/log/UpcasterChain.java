package dev.refold.internal.log;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.refold.RefoldConfigurationException;
import dev.refold.event.Upcaster;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** The registered upcasters, one per (type, version) step. */
public final class UpcasterChain {
    private final Map<String, Map<Integer, Upcaster>> steps = new HashMap<>();

    public UpcasterChain(List<Upcaster> upcasters) {
        for (Upcaster upcaster : upcasters) {
            Upcaster previous = steps.computeIfAbsent(upcaster.eventType(), t -> new HashMap<>())
                    .put(upcaster.fromVersion(), upcaster);
            if (previous != null) {
                throw new RefoldConfigurationException("Two upcasters for " + upcaster.eventType() + " v"
                        + upcaster.fromVersion() + ": " + previous + " and " + upcaster);
            }
        }
    }

    /** Missing steps between {@code storedVersion} and {@code currentVersion}, as "v2->v3" strings. */
    public List<String> gaps(String type, int storedVersion, int currentVersion) {
        List<String> missing = new ArrayList<>();
        Map<Integer, Upcaster> forType = steps.getOrDefault(type, Map.of());
        for (int v = storedVersion; v < currentVersion; v++) {
            if (!forType.containsKey(v)) {
                missing.add("v" + v + "->v" + (v + 1));
            }
        }
        return missing;
    }

    public boolean isEmpty() {
        return steps.isEmpty();
    }

    /** Applies each step from {@code version} up to {@code target}. Throws the upcaster's own exception. */
    public ObjectNode upcast(String type, int version, int target, ObjectNode payload) {
        ObjectNode current = payload;
        Map<Integer, Upcaster> forType = steps.getOrDefault(type, Map.of());
        for (int v = version; v < target; v++) {
            Upcaster step = forType.get(v);
            if (step == null) {
                throw new IllegalStateException("no upcaster for " + type + " v" + v + "->v" + (v + 1));
            }
            ObjectNode next = step.upcast(current);
            if (next == null) {
                throw new IllegalStateException("the upcaster " + step + " for " + type + " v" + v + "->v" + (v + 1)
                        + " returned null instead of the upcast payload");
            }
            current = next;
        }
        return current;
    }
}

package dev.refold.internal.config;

import java.util.Map;
import java.util.TreeMap;
import java.util.function.UnaryOperator;

/**
 * One place property values come from, named so that an error can say where a bad value was found. Holds only
 * the entries meant for Refold: every key of the API map, {@code refold.*} system properties and config-file
 * keys, {@code REFOLD_*} environment variables.
 */
final class PropertySource {
    private final Map<String, String> entries;
    private final boolean environment;
    private final UnaryOperator<String> where;

    private PropertySource(Map<String, String> entries, boolean environment, UnaryOperator<String> where) {
        this.entries = entries;
        this.environment = environment;
        this.where = where;
    }

    static PropertySource api(Map<String, String> values) {
        return new PropertySource(new TreeMap<>(values), false, name -> "configuration property " + name);
    }

    static PropertySource systemProperties(Map<String, String> values) {
        return new PropertySource(prefixed(values, "refold."), false, name -> "system property " + name);
    }

    static PropertySource environment(Map<String, String> values) {
        return new PropertySource(prefixed(values, "REFOLD_"), true, name -> "environment variable " + name);
    }

    static PropertySource configFile(Map<String, String> values, String file) {
        return new PropertySource(prefixed(values, "refold."), false, name -> name + " in config file " + file);
    }

    private static Map<String, String> prefixed(Map<String, String> values, String prefix) {
        Map<String, String> kept = new TreeMap<>();
        values.forEach((name, value) -> {
            if (name.startsWith(prefix) && value != null) {
                kept.put(name, value);
            }
        });
        return kept;
    }

    /** The name {@code property} has in this source: its key, or its environment variable. */
    String nameOf(RefoldProperty property) {
        return environment ? property.environmentVariable() : property.key();
    }

    String get(RefoldProperty property) {
        return entries.get(nameOf(property));
    }

    /** Where {@code property} came from, for error messages: "system property refold.batchSize". */
    String describe(RefoldProperty property) {
        return where.apply(nameOf(property));
    }

    String describe(String name) {
        return where.apply(name);
    }

    Map<String, String> entries() {
        return entries;
    }

    boolean environment() {
        return environment;
    }
}

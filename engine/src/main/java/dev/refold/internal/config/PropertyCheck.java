package dev.refold.internal.config;

import dev.refold.RefoldConfigurationException;

import java.util.List;
import java.util.Map;
import java.util.TreeSet;

/**
 * Every value given for Refold, in every source, is checked before anything connects: a name Refold does not
 * know is a typo (named with the closest known one), and a value of the wrong form is an error even where a
 * source of higher precedence hides it today, since it takes effect the day that other value goes away.
 */
final class PropertyCheck {
    private PropertyCheck() {
    }

    static void check(List<PropertySource> sources) {
        for (PropertySource source : sources) {
            for (Map.Entry<String, String> entry : source.entries().entrySet()) {
                check(source, entry.getKey(), entry.getValue());
            }
        }
    }

    private static void check(PropertySource source, String name, String value) {
        RefoldProperty property = property(source, name);
        if (property == null) {
            if (source.environment() ? OtherReaders.readsEnvironment(name) : OtherReaders.reads(name)) {
                return;
            }
            throw new RefoldConfigurationException("Unknown property " + name + " (from " + source.describe(name)
                    + "): did you mean " + ClosestName.to(name, known(source)) + "?");
        }
        String trimmed = value.trim();
        if (!trimmed.isEmpty() && !property.kind().accepts(trimmed)) {
            throw invalid(property, trimmed, source.describe(property));
        }
    }

    static RefoldConfigurationException invalid(RefoldProperty property, String value, String where) {
        String shown = property == RefoldProperty.PASSWORD ? "***"
                : property == RefoldProperty.URL ? dev.refold.internal.db.JdbcUrls.withoutSecrets(value) : value;
        return new RefoldConfigurationException("Invalid value '" + shown + "' for " + property.key()
                + " (from " + where + "): expected " + property.kind().expected());
    }

    private static RefoldProperty property(PropertySource source, String name) {
        for (RefoldProperty property : RefoldProperty.values()) {
            if (source.nameOf(property).equals(name)) {
                return property;
            }
        }
        return null;
    }

    private static TreeSet<String> known(PropertySource source) {
        TreeSet<String> names = new TreeSet<>();
        for (RefoldProperty property : RefoldProperty.values()) {
            names.add(source.nameOf(property));
        }
        if (!source.environment()) {
            names.addAll(OtherReaders.names());
        }
        return names;
    }
}

package dev.refold.internal.config;

import dev.refold.RefoldConfigurationException;

import java.io.IOException;
import java.io.Reader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;

/**
 * Resolves each property with Flyway's precedence: the API (or the plugin's parameters), then system
 * properties, then {@code REFOLD_*} environment variables, then the config file, then the default. Typed
 * getters name the property and its source when a value does not parse.
 */
public final class ResolvedProperties {
    private final List<PropertySource> sources;
    private final boolean embeddedByDefault;

    private ResolvedProperties(List<PropertySource> sources, boolean embeddedByDefault) {
        this.sources = sources;
        this.embeddedByDefault = embeddedByDefault;
    }

    public static ResolvedProperties resolve(Map<String, String> api, Map<String, String> environment,
                                             Properties systemProperties) {
        return resolve(api, environment, systemProperties, true);
    }

    /**
     * @param embeddedByDefault whether no URL means the embedded PostgreSQL; tools that change a database pass
     *                          false, so that a forgotten URL fails instead of changing a throwaway database
     */
    public static ResolvedProperties resolve(Map<String, String> api, Map<String, String> environment,
                                             Properties systemProperties, boolean embeddedByDefault) {
        Map<String, String> system = new HashMap<>();
        systemProperties.stringPropertyNames().forEach(name -> system.put(name, systemProperties.getProperty(name)));
        List<PropertySource> sources = new ArrayList<>();
        sources.add(PropertySource.api(api));
        sources.add(PropertySource.systemProperties(system));
        sources.add(PropertySource.environment(environment));
        ResolvedProperties withoutFile = new ResolvedProperties(List.copyOf(sources), embeddedByDefault);
        Path file = Path.of(withoutFile.string(RefoldProperty.CONFIG_FILE));
        if (Files.isRegularFile(file)) {
            sources.add(PropertySource.configFile(readConfigFile(file), file.toAbsolutePath().toString()));
        } else if (withoutFile.given(RefoldProperty.CONFIG_FILE)) {
            throw new RefoldConfigurationException("Config file " + file.toAbsolutePath() + " (from "
                    + withoutFile.source(RefoldProperty.CONFIG_FILE) + ") "
                    + (Files.exists(file) ? "is not a regular file" : "does not exist"));
        }
        PropertyCheck.check(sources);
        return new ResolvedProperties(List.copyOf(sources), embeddedByDefault);
    }

    private static Map<String, String> readConfigFile(Path file) {
        Properties properties = new Properties();
        try (Reader reader = Files.newBufferedReader(file)) {
            properties.load(reader);
        } catch (IOException e) {
            throw new RefoldConfigurationException("Cannot read config file " + file.toAbsolutePath() + ": " + e.getMessage());
        }
        Map<String, String> values = new HashMap<>();
        for (String name : properties.stringPropertyNames()) {
            values.put(name, properties.getProperty(name).trim());
        }
        return values;
    }

    /** Whether no URL means the embedded PostgreSQL, rather than an error. */
    public boolean embeddedByDefault() {
        return embeddedByDefault;
    }

    /** Whether any source sets {@code property}, as opposed to its default applying. */
    public boolean given(RefoldProperty property) {
        return sources.stream().map(s -> s.get(property)).anyMatch(v -> v != null && !v.isBlank());
    }

    /** The value, or the default (which may be null). Blank values count as unset. */
    public String string(RefoldProperty property) {
        for (PropertySource source : sources) {
            String value = source.get(property);
            if (value != null && !value.isBlank()) {
                return value.trim();
            }
        }
        return property.defaultValue();
    }

    /** Where the value in effect came from: "system property refold.url", or "default of refold.url". */
    public String source(RefoldProperty property) {
        for (PropertySource source : sources) {
            String value = source.get(property);
            if (value != null && !value.isBlank()) {
                return source.describe(property);
            }
        }
        return "default of " + property.key();
    }

    public boolean bool(RefoldProperty property) {
        String value = string(property);
        if ("true".equalsIgnoreCase(value)) {
            return true;
        }
        if ("false".equalsIgnoreCase(value)) {
            return false;
        }
        throw invalid(property, value);
    }

    public int positiveInt(RefoldProperty property) {
        String value = string(property);
        try {
            int parsed = Integer.parseInt(value);
            if (parsed > 0) {
                return parsed;
            }
        } catch (NumberFormatException ignored) {
            // reported below with the property's name
        }
        throw invalid(property, value);
    }

    public Duration seconds(RefoldProperty property) {
        String value = string(property);
        try {
            long parsed = Long.parseLong(value);
            if (parsed >= 0) {
                return Duration.ofSeconds(parsed);
            }
        } catch (NumberFormatException ignored) {
            // reported below with the property's name
        }
        throw invalid(property, value);
    }

    private RefoldConfigurationException invalid(RefoldProperty property, String value) {
        return PropertyCheck.invalid(property, value, source(property));
    }
}

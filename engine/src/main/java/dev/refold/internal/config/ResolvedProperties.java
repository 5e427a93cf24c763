package dev.refold.internal.config;

import dev.refold.RefoldConfigurationException;

import java.io.IOException;
import java.io.Reader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
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

    private ResolvedProperties(List<PropertySource> sources) {
        this.sources = sources;
    }

    public static ResolvedProperties resolve(Map<String, String> api, Map<String, String> environment,
                                             Properties systemProperties) {
        List<PropertySource> sources = new ArrayList<>();
        sources.add(mapSource(api, p -> "configuration property " + p.key()));
        sources.add(new PropertySource() {
            public String get(RefoldProperty p) {
                return systemProperties.getProperty(p.key());
            }

            public String describe(RefoldProperty p) {
                return "system property " + p.key();
            }
        });
        sources.add(new PropertySource() {
            public String get(RefoldProperty p) {
                return environment.get(p.environmentVariable());
            }

            public String describe(RefoldProperty p) {
                return "environment variable " + p.environmentVariable();
            }
        });
        ResolvedProperties withoutFile = new ResolvedProperties(List.copyOf(sources));
        Path file = Path.of(withoutFile.string(RefoldProperty.CONFIG_FILE));
        if (Files.isRegularFile(file)) {
            Map<String, String> fileValues = readConfigFile(file);
            sources.add(mapSource(fileValues, p -> p.key() + " in config file " + file.toAbsolutePath()));
        }
        return new ResolvedProperties(List.copyOf(sources));
    }

    private static PropertySource mapSource(Map<String, String> values, java.util.function.Function<RefoldProperty, String> where) {
        return new PropertySource() {
            public String get(RefoldProperty p) {
                return values.get(p.key());
            }

            public String describe(RefoldProperty p) {
                return where.apply(p);
            }
        };
    }

    private static Map<String, String> readConfigFile(Path file) {
        Properties properties = new Properties();
        try (Reader reader = Files.newBufferedReader(file)) {
            properties.load(reader);
        } catch (IOException e) {
            throw new RefoldConfigurationException("Cannot read config file " + file.toAbsolutePath() + ": " + e.getMessage());
        }
        Map<String, String> values = new java.util.HashMap<>();
        for (String name : properties.stringPropertyNames()) {
            values.put(name, properties.getProperty(name).trim());
        }
        return values;
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

    private String source(RefoldProperty property) {
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
        throw invalid(property, value, "true or false");
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
        throw invalid(property, value, "a positive whole number");
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
        throw invalid(property, value, "a whole number of seconds");
    }

    private RefoldConfigurationException invalid(RefoldProperty property, String value, String expected) {
        return new RefoldConfigurationException("Invalid value '" + value + "' for " + property.key()
                + " (from " + source(property) + "): expected " + expected);
    }
}

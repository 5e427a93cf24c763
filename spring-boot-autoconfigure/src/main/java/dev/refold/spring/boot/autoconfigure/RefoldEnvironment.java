package dev.refold.spring.boot.autoconfigure;

import dev.refold.internal.config.RefoldProperty;
import org.springframework.boot.context.properties.bind.Bindable;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.source.ConfigurationPropertyName;
import org.springframework.core.env.Environment;

import java.util.HashMap;
import java.util.Map;

/**
 * Reads the engine's {@code refold.*} properties from the Spring environment, so application.yml takes the
 * names the engine, the plugin and {@code refold.conf} take ({@code refold.batchSize}); Boot's relaxed form
 * ({@code refold.batch-size}) works too. Values found here count as set through the API, as Boot's Flyway
 * properties do.
 */
final class RefoldEnvironment {
    private RefoldEnvironment() {
    }

    static Map<String, String> engineProperties(Environment environment) {
        Binder binder = Binder.get(environment);
        Map<String, String> values = new HashMap<>();
        for (RefoldProperty property : RefoldProperty.values()) {
            binder.bind(dashed(property.key()), Bindable.of(String.class)).ifBound(value -> values.put(property.key(), value));
        }
        return values;
    }

    static boolean hasOwnUrl(Environment environment) {
        return Binder.get(environment).bind(dashed(RefoldProperty.URL.key()), Bindable.of(String.class))
                .map(url -> !url.isBlank()).orElse(false);
    }

    private static ConfigurationPropertyName dashed(String key) {
        return ConfigurationPropertyName.of(key.replaceAll("([a-z])([A-Z])", "$1-$2").toLowerCase(java.util.Locale.ROOT));
    }
}

package dev.refold.spring.boot.autoconfigure;

import dev.refold.RefoldConfiguration;

/**
 * A last say over the configuration the auto-configuration built, before Refold loads, as Boot's
 * {@code FlywayConfigurationCustomizer}: for anything that properties and beans do not cover.
 */
@FunctionalInterface
public interface RefoldConfigurationCustomizer {

    void customize(RefoldConfiguration configuration);
}

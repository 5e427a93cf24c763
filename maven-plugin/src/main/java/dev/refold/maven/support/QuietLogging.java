package dev.refold.maven.support;

/**
 * Keeps the libraries the plugin drives from filling the build log: zonky's server start-up chatter, the
 * connection pool's, jOOQ's logo and tips. Maven's SLF4J binding reads {@code org.slf4j.simpleLogger.log.<name>} from the system
 * properties each time a logger is created, so setting them before those classes first log is enough.
 * A value the user passed with {@code -D} is left alone.
 */
public final class QuietLogging {
    private QuietLogging() {
    }

    public static void apply() {
        setIfAbsent("org.slf4j.simpleLogger.log.io.zonky", "warn");
        setIfAbsent("org.slf4j.simpleLogger.log.org.jooq", "warn");
        setIfAbsent("org.slf4j.simpleLogger.log.liquibase", "warn");
        setIfAbsent("org.slf4j.simpleLogger.log.com.zaxxer.hikari", "warn");
        // the plugin prints each build itself, with what it held in memory: the engine's own line would repeat it
        setIfAbsent("org.slf4j.simpleLogger.log.dev.refold.internal.build.ShadowBuild", "warn");
        // and its progress through the engine's listener (BuildProgressLog), at a quieter rate than the engine's log
        setIfAbsent("org.slf4j.simpleLogger.log.dev.refold.progress", "warn");
        setIfAbsent("org.jooq.no-logo", "true");
        setIfAbsent("org.jooq.no-tips", "true");
    }

    private static void setIfAbsent(String key, String value) {
        if (System.getProperty(key) == null) {
            System.setProperty(key, value);
        }
    }
}

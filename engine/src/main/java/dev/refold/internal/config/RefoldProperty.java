package dev.refold.internal.config;

import java.util.Locale;

/** Every configuration property Refold reads, with its environment variable and default. */
public enum RefoldProperty {
    URL("refold.url", null),
    USER("refold.user", null),
    PASSWORD("refold.password", null),
    SCHEMA("refold.schema", "refold"),
    DATA_DIRECTORY("refold.dataDirectory", "refold-data/postgres"),
    DURABLE("refold.durable", "true"),
    LOCK_TIMEOUT("refold.lockTimeout", "60"),
    WAIT_FOR_BUILDS("refold.waitForBuilds", "0"),
    BATCH_SIZE("refold.batchSize", "1000"),
    FOLD_BUFFER_ROWS("refold.foldBufferRows", quarterOfHeapRows()),
    WRITE_BEHIND("refold.writeBehind", "true"),
    // Its own budget: a held row is an array of values, not a jOOQ record, and the two never fill at once.
    WRITE_BEHIND_ROWS("refold.writeBehindRows", quarterOfHeapRows()),
    ALLOW_DOWNGRADE("refold.allowDowngrade", "false"),
    DROP_ORPHANS("refold.dropOrphans", "false"),
    SKIP_UNKNOWN_EVENT_TYPES("refold.skipUnknownEventTypes", "false"),
    DISCOVER_PROJECTIONS("refold.discoverProjections", "true"),
    LIVE_ATTEMPTS("refold.liveAttempts", "3"),
    CONFIG_FILE("refold.configFile", "refold.conf");

    private final String key;
    private final String defaultValue;

    RefoldProperty(String key, String defaultValue) {
        this.key = key;
        this.defaultValue = defaultValue;
    }

    public String key() {
        return key;
    }

    public String defaultValue() {
        return defaultValue;
    }

    /**
     * A buffered row takes about 1 KB; the default keeps a quarter of the heap for them, at most 100,000 rows:
     * 65,536 with -Xmx256m.
     */
    private static String quarterOfHeapRows() {
        return Long.toString(Math.max(1_000, Math.min(100_000, Runtime.getRuntime().maxMemory() / 4 / 1024)));
    }

    /** {@code refold.lockTimeout} becomes {@code REFOLD_LOCK_TIMEOUT}, as Flyway maps its names. */
    public String environmentVariable() {
        return key.replaceAll("([a-z])([A-Z])", "$1_$2").replace('.', '_').toUpperCase(Locale.ROOT);
    }
}

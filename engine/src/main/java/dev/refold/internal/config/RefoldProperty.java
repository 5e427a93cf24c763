package dev.refold.internal.config;

import java.util.Locale;

/** Every configuration property Refold reads, with its environment variable and default. */
public enum RefoldProperty {
    URL("refold.url", null, PropertyKind.URL),
    USER("refold.user", null, PropertyKind.TEXT),
    PASSWORD("refold.password", null, PropertyKind.TEXT),
    SCHEMA("refold.schema", "refold", PropertyKind.TEXT),
    DATA_DIRECTORY("refold.dataDirectory", "refold-data/postgres", PropertyKind.TEXT),
    DURABLE("refold.durable", "true", PropertyKind.BOOLEAN),
    LOCK_TIMEOUT("refold.lockTimeout", "60", PropertyKind.SECONDS),
    HORIZON_TIMEOUT("refold.horizonTimeout", "60", PropertyKind.SECONDS),
    BATCH_SIZE("refold.batchSize", "1000", PropertyKind.POSITIVE_INT),
    FOLD_BUFFER_ROWS("refold.foldBufferRows", quarterOfHeapRows(), PropertyKind.POSITIVE_INT),
    WRITE_BEHIND("refold.writeBehind", "true", PropertyKind.BOOLEAN),
    // Its own budget: a held row is an array of values, not a jOOQ record, and the two never fill at once.
    WRITE_BEHIND_ROWS("refold.writeBehindRows", quarterOfHeapRows(), PropertyKind.POSITIVE_INT),
    ALLOW_DOWNGRADE("refold.allowDowngrade", "false", PropertyKind.BOOLEAN),
    DROP_ORPHANS("refold.dropOrphans", "false", PropertyKind.BOOLEAN),
    SKIP_UNKNOWN_EVENT_TYPES("refold.skipUnknownEventTypes", "false", PropertyKind.BOOLEAN),
    DISCOVER_PROJECTIONS("refold.discoverProjections", "true", PropertyKind.BOOLEAN),
    LIVE_ATTEMPTS("refold.liveAttempts", "3", PropertyKind.POSITIVE_INT),
    CONFIG_FILE("refold.configFile", "refold.conf", PropertyKind.TEXT);

    /** The value of {@code refold.url} that asks for the embedded PostgreSQL explicitly. */
    public static final String EMBEDDED = "embedded";

    private final String key;
    private final String defaultValue;
    private final PropertyKind kind;

    RefoldProperty(String key, String defaultValue, PropertyKind kind) {
        this.key = key;
        this.defaultValue = defaultValue;
        this.kind = kind;
    }

    PropertyKind kind() {
        return kind;
    }

    public String key() {
        return key;
    }

    public String defaultValue() {
        return defaultValue;
    }

    /**
     * A buffered row takes about 1 KB; the default keeps a quarter of the heap for them, whatever its size (65,536
     * rows with -Xmx256m, 262,144 with -Xmx1g): a larger heap folds more keys per range (see KeyRangePasses).
     */
    private static String quarterOfHeapRows() {
        return Long.toString(Math.max(1_000, Math.min(Integer.MAX_VALUE, Runtime.getRuntime().maxMemory() / 4 / 1024)));
    }

    /** {@code refold.lockTimeout} becomes {@code REFOLD_LOCK_TIMEOUT}, as Flyway maps its names. */
    public String environmentVariable() {
        return key.replaceAll("([a-z])([A-Z])", "$1_$2").replace('.', '_').toUpperCase(Locale.ROOT);
    }
}

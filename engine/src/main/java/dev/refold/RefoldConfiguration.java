package dev.refold;

import dev.refold.event.Upcaster;
import dev.refold.internal.config.RefoldProperty;
import dev.refold.internal.config.ResolvedProperties;
import dev.refold.listener.RefoldListener;
import dev.refold.projection.Projection;

import javax.sql.DataSource;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Fluent configuration, as {@code Flyway.configure()}. Values set here win over system properties, which win
 * over {@code REFOLD_*} environment variables, which win over the config file ({@code refold.conf} in the
 * working directory, or {@code refold.configFile}), which win over the defaults.
 *
 * <p>With no URL and no data source, Refold starts an embedded PostgreSQL whose data lives in
 * {@code refold.dataDirectory} (default {@code refold-data/postgres}).
 */
public final class RefoldConfiguration {
    private final Map<String, String> properties = new HashMap<>();
    private final List<Projection> projections = new ArrayList<>();
    private final List<Class<?>> eventTypes = new ArrayList<>();
    private final List<Upcaster> upcasters = new ArrayList<>();
    private final List<RefoldListener> listeners = new ArrayList<>();
    private DataSource dataSource;
    private ClassLoader classLoader = Thread.currentThread().getContextClassLoader();
    private Map<String, String> environment = System.getenv();
    private boolean embeddedByDefault = true;

    RefoldConfiguration() {
    }

    /** Connects to this server instead of the embedded one. */
    public RefoldConfiguration dataSource(String url, String user, String password) {
        set(RefoldProperty.URL, url);
        set(RefoldProperty.USER, user);
        set(RefoldProperty.PASSWORD, password);
        return this;
    }

    /** Uses a data source the application already has; URL, user and password are then ignored. */
    public RefoldConfiguration dataSource(DataSource dataSource) {
        this.dataSource = dataSource;
        return this;
    }

    /** The schema of Refold's own tables. Default {@code refold}. */
    public RefoldConfiguration schema(String schema) {
        return set(RefoldProperty.SCHEMA, schema);
    }

    public RefoldConfiguration projections(Projection... projections) {
        this.projections.addAll(List.of(projections));
        return this;
    }

    public RefoldConfiguration projections(List<? extends Projection> projections) {
        this.projections.addAll(projections);
        return this;
    }

    /**
     * Whether to add the projections and upcasters found by {@link java.util.ServiceLoader} (declared in
     * {@code META-INF/services/dev.refold.projection.Projection} and {@code META-INF/services/dev.refold.event.Upcaster}).
     * Default true. Discovered upcasters need a public no-argument constructor.
     */
    public RefoldConfiguration discoverProjections(boolean discover) {
        return set(RefoldProperty.DISCOVER_PROJECTIONS, Boolean.toString(discover));
    }

    /**
     * Event classes the log must be able to read. Those the projections handle are registered already; add
     * the ones only aggregates read.
     */
    public RefoldConfiguration eventTypes(Class<?>... types) {
        this.eventTypes.addAll(List.of(types));
        return this;
    }

    public RefoldConfiguration upcasters(Upcaster... upcasters) {
        this.upcasters.addAll(List.of(upcasters));
        return this;
    }

    /** Told of builds, their progress, committed batches, live failures and lock waits; see {@link RefoldListener}. */
    public RefoldConfiguration listeners(RefoldListener... listeners) {
        this.listeners.addAll(List.of(listeners));
        return this;
    }

    public RefoldConfiguration listeners(List<? extends RefoldListener> listeners) {
        this.listeners.addAll(listeners);
        return this;
    }

    /** How long {@code migrate} waits for another instance's migration lock. Default 60 s. */
    public RefoldConfiguration lockTimeout(Duration timeout) {
        return set(RefoldProperty.LOCK_TIMEOUT, Long.toString(timeout.toSeconds()));
    }

    /**
     * How long {@code migrate}, {@code rebuild} and {@code verify} wait for appends in flight that hold back events
     * committed before the call, before they fail naming those appends. Default 60 s.
     */
    public RefoldConfiguration horizonTimeout(Duration timeout) {
        return set(RefoldProperty.HORIZON_TIMEOUT, Long.toString(timeout.toSeconds()));
    }

    /** Events applied per transaction while replaying. Default 1000. */
    public RefoldConfiguration batchSize(int events) {
        return set(RefoldProperty.BATCH_SIZE, Integer.toString(events));
    }

    /**
     * How many rows a fold-style rebuild keeps in memory; with more keys than that, it folds them range by range
     * of keys. Default: a quarter of the heap at about 1 KB a row.
     */
    public RefoldConfiguration foldBufferRows(int rows) {
        return set(RefoldProperty.FOLD_BUFFER_ROWS, Integer.toString(rows));
    }

    /**
     * Whether a handler-style rebuild holds the rows its handlers write in memory and copies them in (default
     * true). Only writes Refold can follow exactly are held (one row by its primary key, in a table with no
     * trigger, foreign key or check); everything else goes to the database as written. Turn it off to rule it
     * out when a rebuild behaves differently from live catch-up, and please report that.
     */
    public RefoldConfiguration writeBehind(boolean enabled) {
        return set(RefoldProperty.WRITE_BEHIND, Boolean.toString(enabled));
    }

    /**
     * How many rows write-behind holds in memory before it copies them in at a checkpoint (up to twice as many
     * are in memory while one set is copied and the next fills). Default: as {@link #foldBufferRows}'s.
     */
    public RefoldConfiguration writeBehindRows(int rows) {
        return set(RefoldProperty.WRITE_BEHIND_ROWS, Integer.toString(rows));
    }

    /**
     * How many times live catch-up tries an event whose handler fails before it marks the projection FAILED
     * (default 3, so two retries). The tries are spaced by a backoff that doubles from 250 ms. Only that
     * projection stops; {@code repair} clears the failure and catch-up resumes.
     */
    public RefoldConfiguration liveAttempts(int attempts) {
        return set(RefoldProperty.LIVE_ATTEMPTS, Integer.toString(attempts));
    }

    /** Lets {@code migrate} rebuild a projection whose declared version is below the built one. */
    public RefoldConfiguration allowDowngrade(boolean allow) {
        return set(RefoldProperty.ALLOW_DOWNGRADE, Boolean.toString(allow));
    }

    /** Lets {@code migrate} drop the read models of projections that are no longer declared. */
    public RefoldConfiguration dropOrphans(boolean drop) {
        return set(RefoldProperty.DROP_ORPHANS, Boolean.toString(drop));
    }

    /** Skips stored events whose type no Java class is registered for, instead of failing the read. */
    public RefoldConfiguration skipUnknownEventTypes(boolean skip) {
        return set(RefoldProperty.SKIP_UNKNOWN_EVENT_TYPES, Boolean.toString(skip));
    }

    /** Where the embedded PostgreSQL keeps its data. */
    public RefoldConfiguration dataDirectory(Path directory) {
        return set(RefoldProperty.DATA_DIRECTORY, directory.toString());
    }

    /**
     * Whether the embedded PostgreSQL syncs to disk (default true). Turn it off only for throwaway
     * databases: a crash can then lose committed data.
     */
    public RefoldConfiguration durable(boolean durable) {
        return set(RefoldProperty.DURABLE, Boolean.toString(durable));
    }

    /** Any {@code refold.*} properties, as from a file or the Maven plugin's parameters. */
    public RefoldConfiguration properties(Map<String, String> values) {
        values.forEach((key, value) -> {
            if (value != null) {
                properties.put(key, value);
            }
        });
        return this;
    }

    public RefoldConfiguration configFile(Path file) {
        return set(RefoldProperty.CONFIG_FILE, file.toString());
    }

    public RefoldConfiguration classLoader(ClassLoader classLoader) {
        this.classLoader = classLoader;
        return this;
    }

    /** Replaces the process environment as a source of {@code REFOLD_*} variables (for tests and the plugin). */
    public RefoldConfiguration environment(Map<String, String> environment) {
        this.environment = Map.copyOf(environment);
        return this;
    }

    /**
     * Whether Refold starts its embedded PostgreSQL when no URL is configured (default true, logged in one line
     * with where the data lives). Tools that change a database turn it off, as the Maven plugin's
     * {@code migrate}, {@code rebuild} and {@code repair} do: a forgotten URL then fails, naming the property,
     * instead of changing a throwaway database. {@code refold.url=embedded} still asks for the embedded one.
     */
    public RefoldConfiguration embeddedByDefault(boolean embedded) {
        this.embeddedByDefault = embedded;
        return this;
    }

    /**
     * Resolves and checks the configuration (an unknown {@code refold.*} name or a malformed value fails here),
     * connects and checks the projections. Refold's own tables are created by the first call that writes
     * ({@code migrate}, {@code events()}, ...), never by {@code info} or {@code validate}.
     */
    public Refold load() {
        return Refold.open(this);
    }

    private RefoldConfiguration set(RefoldProperty property, String value) {
        if (value == null) {
            properties.remove(property.key());
        } else {
            properties.put(property.key(), value);
        }
        return this;
    }

    ResolvedProperties resolveProperties() {
        return ResolvedProperties.resolve(properties, environment, System.getProperties(), embeddedByDefault);
    }

    DataSource dataSource() {
        return dataSource;
    }

    List<Projection> projections() {
        return Collections.unmodifiableList(projections);
    }

    List<Class<?>> eventTypes() {
        return Collections.unmodifiableList(eventTypes);
    }

    List<Upcaster> upcasters() {
        return Collections.unmodifiableList(upcasters);
    }

    List<RefoldListener> listeners() {
        return Collections.unmodifiableList(listeners);
    }

    ClassLoader classLoader() {
        return classLoader;
    }
}

package dev.refold.internal;

import dev.refold.MigrationLockException;
import dev.refold.RefoldConfigurationException;
import dev.refold.RefoldException;
import dev.refold.ValidationException;
import dev.refold.event.EventLog;
import dev.refold.event.Upcaster;
import dev.refold.internal.catchup.CatchUpService;
import dev.refold.internal.catchup.LiveRetryPolicy;
import dev.refold.internal.config.RefoldProperty;
import dev.refold.internal.config.ResolvedProperties;
import dev.refold.internal.db.AdvisoryLocks;
import dev.refold.internal.db.Database;
import dev.refold.internal.db.Identifiers;
import dev.refold.internal.history.Checkpoint;
import dev.refold.internal.history.Checkpoints;
import dev.refold.internal.history.ProjectionHistory;
import dev.refold.internal.log.AppendHorizon;
import dev.refold.internal.log.EventCodec;
import dev.refold.internal.log.EventTypeRegistry;
import dev.refold.internal.log.JdbcEventLog;
import dev.refold.internal.log.NdjsonImporter;
import dev.refold.internal.log.UpcasterChain;
import dev.refold.internal.plan.ProjectionPlanner;
import dev.refold.internal.plan.ProjectionStatus;
import dev.refold.internal.projection.DdlLocator;
import dev.refold.internal.projection.ProjectionDefinition;
import dev.refold.internal.replay.ReplayEngine;
import dev.refold.internal.replay.ReplayTarget;
import dev.refold.internal.replay.Schemas;
import dev.refold.internal.replay.ShadowBuild;
import dev.refold.internal.replay.Verification;
import dev.refold.internal.schema.RefoldSchema;
import dev.refold.projection.Projection;
import dev.refold.result.BuildResult;
import dev.refold.result.InfoResult;
import dev.refold.result.MigrateResult;
import dev.refold.result.ProjectionInfo;
import dev.refold.result.ProjectionState;
import dev.refold.result.RepairResult;
import dev.refold.result.ValidateResult;
import dev.refold.result.VerifyResult;
import org.postgresql.util.PSQLException;

import javax.sql.DataSource;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.ServiceLoader;
import java.util.Set;

/** Wires the pieces together behind {@link dev.refold.Refold}. */
public final class Engine implements AutoCloseable {
    static {
        System.setProperty("org.jooq.no-logo", "true");
        System.setProperty("org.jooq.no-tips", "true");
    }

    private final Database database;
    private final String schema;
    private final JdbcEventLog log;
    private final List<ProjectionDefinition> projections;
    private final ProjectionHistory history;
    private final Checkpoints checkpoints;
    private final ReplayEngine replay;
    private final int batchSize;
    private final Duration lockTimeout;
    private final boolean allowDowngrade;
    private final boolean dropOrphans;
    private final EventCodec codec;
    private final CatchUpService catchUp;

    private Engine(Database database, String schema, JdbcEventLog log, List<ProjectionDefinition> projections,
                   EventCodec codec, ResolvedProperties properties) {
        this.database = database;
        this.schema = schema;
        this.log = log;
        this.projections = projections;
        this.codec = codec;
        this.history = new ProjectionHistory(schema);
        this.checkpoints = new Checkpoints(schema);
        this.replay = new ReplayEngine(database, schema, checkpoints, codec,
                properties.positiveInt(RefoldProperty.FOLD_BUFFER_ROWS), properties.bool(RefoldProperty.WRITE_BEHIND),
                properties.seconds(RefoldProperty.HORIZON_TIMEOUT));
        this.batchSize = properties.positiveInt(RefoldProperty.BATCH_SIZE);
        this.lockTimeout = properties.seconds(RefoldProperty.LOCK_TIMEOUT);
        this.allowDowngrade = properties.bool(RefoldProperty.ALLOW_DOWNGRADE);
        this.dropOrphans = properties.bool(RefoldProperty.DROP_ORPHANS);
        this.catchUp = new CatchUpService(database, schema, replay, checkpoints, batchSize,
                new LiveRetryPolicy(properties.positiveInt(RefoldProperty.LIVE_ATTEMPTS)));
    }

    public static Engine open(ResolvedProperties properties, DataSource dataSource, List<Projection> declared,
                              List<Class<?>> eventTypes, List<Upcaster> upcasters, ClassLoader classLoader) {
        // Everything that can be checked without a database is checked first: bad input changes nothing.
        String schema = Identifiers.require(properties.string(RefoldProperty.SCHEMA), "refold.schema");
        properties.positiveInt(RefoldProperty.BATCH_SIZE);
        properties.positiveInt(RefoldProperty.FOLD_BUFFER_ROWS);
        properties.positiveInt(RefoldProperty.LIVE_ATTEMPTS);
        properties.seconds(RefoldProperty.LOCK_TIMEOUT);
        properties.seconds(RefoldProperty.HORIZON_TIMEOUT);
        properties.bool(RefoldProperty.ALLOW_DOWNGRADE);
        properties.bool(RefoldProperty.DROP_ORPHANS);
        properties.bool(RefoldProperty.WRITE_BEHIND);
        boolean skipUnknown = properties.bool(RefoldProperty.SKIP_UNKNOWN_EVENT_TYPES);
        EventTypeRegistry types = new EventTypeRegistry();
        eventTypes.forEach(types::register);
        UpcasterChain chain = new UpcasterChain(discovered(upcasters, Upcaster.class, properties, classLoader));
        List<ProjectionDefinition> definitions = define(discovered(declared, Projection.class, properties, classLoader), types,
                new DdlLocator(classLoader), schema);
        EventCodec codec = new EventCodec(types, chain);

        Database database = Database.open(properties, dataSource);
        try {
            RefoldSchema.apply(database, schema);
            JdbcEventLog log = new JdbcEventLog(database, schema, types, codec, skipUnknown);
            checkUpcasterChains(log, types, chain);
            return new Engine(database, schema, log, definitions, codec, properties);
        } catch (RuntimeException e) {
            database.close();
            throw e;
        }
    }

    /**
     * The given instances plus those {@link ServiceLoader} finds (projections and upcasters alike), so that the
     * Maven plugin and the application load the same set; one instance per class.
     */
    private static <T> List<T> discovered(List<T> declared, Class<T> type, ResolvedProperties properties, ClassLoader loader) {
        List<T> all = new ArrayList<>(declared);
        if (properties.bool(RefoldProperty.DISCOVER_PROJECTIONS)) {
            Set<Class<?>> seen = new HashSet<>();
            declared.forEach(p -> seen.add(p.getClass()));
            try {
                for (T found : ServiceLoader.load(type, loader)) {
                    if (seen.add(found.getClass())) {
                        all.add(found);
                    }
                }
            } catch (java.util.ServiceConfigurationError e) {
                throw new RefoldConfigurationException("Cannot load a class listed in META-INF/services/" + type.getName()
                        + ": " + e.getMessage() + " (it needs a public no-argument constructor)");
            }
        }
        return all;
    }

    private static List<ProjectionDefinition> define(List<Projection> declared, EventTypeRegistry types, DdlLocator ddl,
                                                     String schema) {
        Map<String, ProjectionDefinition> byName = new LinkedHashMap<>();
        for (Projection p : declared) {
            ProjectionDefinition d = ProjectionDefinition.resolve(p, types, ddl, schema);
            if (byName.put(d.name(), d) != null) {
                throw new RefoldConfigurationException("Two projections are named '" + d.name() + "'");
            }
        }
        return List.copyOf(byName.values());
    }

    /** Gaps are reported when the log is opened, not when an old event happens to be read. */
    private static void checkUpcasterChains(JdbcEventLog log, EventTypeRegistry types, UpcasterChain chain) {
        List<String> gaps = new ArrayList<>();
        log.oldestStoredVersions().forEach((type, oldest) -> {
            int current = types.currentVersion(type);
            if (current > oldest) {
                List<String> missing = chain.gaps(type, oldest, current);
                if (!missing.isEmpty()) {
                    gaps.add(type + " (the log holds v" + oldest + ", the code reads v" + current + "; missing "
                            + String.join(", ", missing) + ")");
                }
            }
        });
        if (!gaps.isEmpty()) {
            throw new RefoldConfigurationException("Upcaster chain incomplete for " + String.join("; ", gaps));
        }
    }

    public EventLog events() {
        return log;
    }

    public DataSource dataSource() {
        return database.dataSource();
    }

    public String url() {
        return database.url();
    }

    public long importEvents(Path ndjson) {
        return new NdjsonImporter(log, codec.mapper()).importFile(ndjson);
    }

    private List<ProjectionStatus> statuses() {
        try (Connection connection = database.connection()) {
            return ProjectionPlanner.statuses(projections, history.all(connection), checkpoints.all(connection));
        } catch (SQLException e) {
            throw new RefoldException("Cannot read Refold's projection history: " + e.getMessage(), e);
        }
    }

    public InfoResult info() {
        long head = log.headPosition();
        AppendHorizon horizon = new AppendHorizon(schema);
        List<ProjectionInfo> rows = new ArrayList<>();
        for (ProjectionStatus s : statuses()) {
            ProjectionDefinition d = s.definition();
            Checkpoint live = s.live();
            String failure = s.state() == ProjectionState.FAILED
                    ? (s.lastFailure() != null ? s.lastFailure().error() : live.failure()) : null;
            rows.add(new ProjectionInfo(s.name(), d == null ? null : d.version(), live == null ? null : live.version(),
                    d != null ? d.description() : s.lastSuccess() == null ? "" : s.lastSuccess().description(),
                    s.state(), s.lastSuccess() == null ? null : s.lastSuccess().installedOn(),
                    live == null ? 0 : live.eventsApplied(), live == null ? 0 : live.lastPosition(),
                    live == null ? 0 : Math.max(0, head - live.lastPosition()),
                    d == null ? null : d.checksum(), live == null ? null : live.checksum(), failure,
                    live == null ? java.util.Optional.empty() : waitingOn(horizon, live)));
        }
        return new InfoResult(rows, head);
    }

    private java.util.Optional<String> waitingOn(AppendHorizon horizon, Checkpoint live) {
        try (Connection connection = database.connection()) {
            List<AppendHorizon.InFlightAppend> blocking = horizon.blocking(connection, live.lastTransactionId(), live.lastPosition());
            return blocking.isEmpty() ? java.util.Optional.empty() : java.util.Optional.of(AppendHorizon.describe(blocking));
        } catch (SQLException e) {
            throw new RefoldException("Cannot read which appends are in flight: " + e.getMessage(), e);
        }
    }

    public ValidateResult validate() {
        return new ValidateResult(ProjectionPlanner.problems(statuses(), allowDowngrade, true));
    }

    public MigrateResult migrate() {
        long started = System.nanoTime();
        return underMigrationLock(() -> {
            List<ProjectionStatus> statuses = statuses();
            List<String> problems = ProjectionPlanner.problems(statuses, allowDowngrade, false);
            if (!problems.isEmpty()) {
                throw new ValidationException(new ValidateResult(problems));
            }
            List<BuildResult> built = new ArrayList<>();
            long caughtUp = 0;
            for (ProjectionStatus s : statuses) {
                switch (s.state()) {
                    case PENDING, OUTDATED, FUTURE -> built.add(build(s));
                    case FAILED -> {
                        if (s.liveFailure()) {
                            caughtUp += catchUp(s.definition());
                        } else {
                            built.add(build(s));
                        }
                    }
                    case CURRENT -> caughtUp += catchUp(s.definition());
                    case ORPHANED -> {
                        if (dropOrphans) {
                            dropOrphan(s.name());
                        }
                    }
                    default -> {
                    }
                }
            }
            return new MigrateResult(built, caughtUp, (System.nanoTime() - started) / 1_000_000);
        });
    }

    public BuildResult rebuild(String name) {
        ProjectionDefinition definition = projections.stream().filter(p -> p.name().equals(name)).findFirst()
                .orElseThrow(() -> new RefoldException("No projection named '" + name + "' is declared (declared: "
                        + String.join(", ", projections.stream().map(ProjectionDefinition::name).toList()) + ")"));
        if (definition.problem() != null) {
            throw new RefoldException(definition.problem());
        }
        return underMigrationLock(() -> build(statuses().stream().filter(s -> s.name().equals(name)).findFirst().orElseThrow()));
    }

    private BuildResult build(ProjectionStatus status) {
        Integer previous = status.live() == null ? null : status.live().version();
        return new ShadowBuild(database, replay, checkpoints, history, batchSize).build(status.definition(), previous);
    }

    private long catchUp(ProjectionDefinition definition) {
        long applied = replay.apply(definition, new ReplayTarget(definition.name(), Checkpoint.LIVE, false), batchSize,
                Long.MAX_VALUE, true).eventsApplied();
        return applied;
    }

    private void dropOrphan(String name) {
        try (Connection connection = database.connection()) {
            connection.setAutoCommit(false);
            Schemas.drop(connection, name);
            checkpoints.remove(connection, name, Checkpoint.LIVE);
            connection.commit();
        } catch (SQLException e) {
            throw new RefoldException("Cannot drop orphaned projection '" + name + "': " + e.getMessage(), e);
        }
    }

    public RepairResult repair() {
        return underMigrationLock(() -> {
            List<String> realigned = new ArrayList<>();
            List<String> cleared = new ArrayList<>();
            try (Connection connection = database.connection()) {
                connection.setAutoCommit(false);
                for (ProjectionStatus s : statuses()) {
                    ProjectionDefinition d = s.definition();
                    if (d == null) {
                        continue;
                    }
                    if (history.removeFailures(connection, s.name()) > 0 | (s.live() != null && s.live().failed())) {
                        checkpoints.clearFailure(connection, s.name());
                        cleared.add(s.name());
                    }
                    if (s.live() != null && s.live().version() == d.version() && !s.live().checksum().equals(d.checksum())) {
                        history.realign(connection, s.name(), d.version(), d.checksum());
                        checkpoints.realign(connection, s.name(), d.checksum());
                        realigned.add(s.name());
                    }
                }
                connection.commit();
            } catch (SQLException e) {
                throw new RefoldException("Repair failed, nothing was changed: " + e.getMessage(), e);
            }
            return new RepairResult(realigned, cleared);
        });
    }

    public VerifyResult verify() {
        Verification verification = new Verification(database, replay, checkpoints, batchSize);
        List<VerifyResult.ProjectionVerification> results = new ArrayList<>();
        for (ProjectionDefinition d : projections) {
            results.add(verification.verify(d));
        }
        return new VerifyResult(results, log.headPosition());
    }

    /**
     * Live catch-up of every declared projection that can be built. A worker applies events only while its
     * projection is CURRENT (built from this code, not failed), so a projection this instance has not migrated
     * yet, or one another instance rebuilt from newer code, waits instead of being written by the wrong code.
     */
    public void start() {
        catchUp.start(projections.stream().filter(p -> p.problem() == null).toList());
    }

    /** Stops live catch-up: each worker commits its batch in flight, releases its locks and closes its connection. */
    public void stop() {
        catchUp.stop();
    }

    private interface Locked<T> {
        T run();
    }

    /** One instance migrates at a time: a session-level advisory lock on a connection held for the duration. */
    private <T> T underMigrationLock(Locked<T> work) {
        try (Connection connection = database.connection()) {
            String key = AdvisoryLocks.migration(schema);
            try (Statement s = connection.createStatement()) {
                s.execute("set lock_timeout = " + Math.max(1, lockTimeout.toMillis()));
            }
            try (PreparedStatement lock = connection.prepareStatement("select pg_advisory_lock(hashtext(?))")) {
                lock.setString(1, key);
                lock.execute();
            } catch (PSQLException e) {
                if ("55P03".equals(e.getSQLState())) {
                    throw new MigrationLockException("Another Refold instance held the migration lock of schema '" + schema
                            + "' for longer than refold.lockTimeout (" + lockTimeout.toSeconds() + " s); try again, or raise refold.lockTimeout");
                }
                throw e;
            } finally {
                try (Statement s = connection.createStatement()) {
                    s.execute("reset lock_timeout");
                }
            }
            try {
                return work.run();
            } finally {
                try (PreparedStatement unlock = connection.prepareStatement("select pg_advisory_unlock(hashtext(?))")) {
                    unlock.setString(1, key);
                    unlock.execute();
                }
            }
        } catch (SQLException e) {
            throw new RefoldException("Cannot take the migration lock: " + e.getMessage(), e);
        }
    }

    @Override
    public void close() {
        stop();
        database.close();
    }
}

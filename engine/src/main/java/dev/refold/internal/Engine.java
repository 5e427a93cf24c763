package dev.refold.internal;

import dev.refold.Refold;
import dev.refold.event.EventLog;
import dev.refold.event.Upcaster;
import dev.refold.internal.catchup.CatchUpService;
import dev.refold.internal.catchup.LiveRetryPolicy;
import dev.refold.internal.command.Commands;
import dev.refold.internal.command.Coordination;
import dev.refold.internal.command.InfoCommand;
import dev.refold.internal.command.MigrateCommand;
import dev.refold.internal.command.MigrationLock;
import dev.refold.internal.command.PlanCommand;
import dev.refold.internal.command.RebuildCommand;
import dev.refold.internal.command.RepairCommand;
import dev.refold.internal.command.VerifyCommand;
import dev.refold.internal.config.RefoldProperty;
import dev.refold.internal.config.ResolvedProperties;
import dev.refold.internal.db.Database;
import dev.refold.internal.db.Identifiers;
import dev.refold.internal.history.Checkpoints;
import dev.refold.internal.history.ProjectionHistory;
import dev.refold.internal.listener.Listeners;
import dev.refold.internal.log.EventCodec;
import dev.refold.internal.log.EventTypeRegistry;
import dev.refold.internal.log.JdbcEventLog;
import dev.refold.internal.log.NdjsonImporter;
import dev.refold.internal.log.UpcasterChain;
import dev.refold.internal.projection.DdlLocator;
import dev.refold.internal.projection.ProjectionDefinition;
import dev.refold.internal.replay.ReplayEngine;
import dev.refold.internal.schema.RefoldSchema;
import dev.refold.listener.LockWaited;
import dev.refold.listener.RefoldListener;
import dev.refold.projection.Projection;
import dev.refold.result.BuildResult;
import dev.refold.result.ImportResult;
import dev.refold.result.InfoResult;
import dev.refold.result.MigrateResult;
import dev.refold.result.PlanResult;
import dev.refold.result.RepairResult;
import dev.refold.result.ValidateResult;
import dev.refold.result.VerifyResult;

import javax.sql.DataSource;
import java.nio.file.Path;
import java.util.List;

/** Wires the pieces together behind {@link Refold}; each operation is a command of {@code internal.command}. */
public final class Engine implements AutoCloseable {
    static {
        System.setProperty("org.jooq.no-logo", "true");
        System.setProperty("org.jooq.no-tips", "true");
    }

    private final Database database;
    private final JdbcEventLog log;
    private final List<ProjectionDefinition> projections;
    private final EventCodec codec;
    private final String schema;
    private final Commands commands;
    private final CatchUpService catchUp;
    private final RefoldSchema refoldSchema;

    private Engine(Database database, String schema, RefoldSchema refoldSchema, JdbcEventLog log,
                   List<ProjectionDefinition> projections, EventCodec codec, ResolvedProperties properties,
                   Listeners listeners) {
        this.database = database;
        this.refoldSchema = refoldSchema;
        this.log = log;
        this.projections = projections;
        this.codec = codec;
        this.schema = schema;
        Checkpoints checkpoints = new Checkpoints(schema);
        ReplayEngine replay = new ReplayEngine(database, schema, checkpoints, codec,
                properties.positiveInt(RefoldProperty.FOLD_BUFFER_ROWS), properties.positiveInt(RefoldProperty.WRITE_BEHIND_ROWS),
                properties.bool(RefoldProperty.WRITE_BEHIND), listeners,
                properties.seconds(RefoldProperty.HORIZON_TIMEOUT));
        int batchSize = properties.positiveInt(RefoldProperty.BATCH_SIZE);
        this.commands = new Commands(database, refoldSchema, log, projections, new ProjectionHistory(schema), checkpoints, replay,
                new MigrationLock(database, schema, properties.seconds(RefoldProperty.LOCK_TIMEOUT), listeners), batchSize,
                properties.bool(RefoldProperty.ALLOW_DOWNGRADE), properties.bool(RefoldProperty.DROP_ORPHANS),
                new Coordination(schema, properties.seconds(RefoldProperty.LOCK_TIMEOUT),
                        properties.seconds(RefoldProperty.WAIT_FOR_BUILDS)));
        this.catchUp = new CatchUpService(database, schema, replay, checkpoints, batchSize,
                new LiveRetryPolicy(properties.positiveInt(RefoldProperty.LIVE_ATTEMPTS)));
    }

    public static Engine open(ResolvedProperties properties, DataSource dataSource, List<Projection> declared,
                              List<Class<?>> eventTypes, List<Upcaster> upcasters, ClassLoader classLoader,
                              List<RefoldListener> listeners) {
        // Everything that can be checked without a database is checked first: bad input changes nothing.
        String schema = Identifiers.require(properties.string(RefoldProperty.SCHEMA), "refold.schema");
        properties.positiveInt(RefoldProperty.BATCH_SIZE);
        properties.positiveInt(RefoldProperty.FOLD_BUFFER_ROWS);
        properties.positiveInt(RefoldProperty.WRITE_BEHIND_ROWS);
        properties.positiveInt(RefoldProperty.LIVE_ATTEMPTS);
        properties.seconds(RefoldProperty.LOCK_TIMEOUT);
        properties.seconds(RefoldProperty.HORIZON_TIMEOUT);
        properties.seconds(RefoldProperty.WAIT_FOR_BUILDS);
        properties.bool(RefoldProperty.ALLOW_DOWNGRADE);
        properties.bool(RefoldProperty.DROP_ORPHANS);
        properties.bool(RefoldProperty.WRITE_BEHIND);
        boolean skipUnknown = properties.bool(RefoldProperty.SKIP_UNKNOWN_EVENT_TYPES);
        EventTypeRegistry types = new EventTypeRegistry();
        eventTypes.forEach(types::register);
        UpcasterChain chain = new UpcasterChain(Discovery.discovered(upcasters, Upcaster.class, properties, classLoader));
        List<ProjectionDefinition> definitions = Discovery.define(
                Discovery.discovered(declared, Projection.class, properties, classLoader), types, new DdlLocator(classLoader), schema);
        EventCodec codec = new EventCodec(types, chain);

        Database database = Database.open(properties, dataSource);
        try {
            // Refold's tables are made when something first writes, so that info and validate change nothing.
            RefoldSchema refoldSchema = new RefoldSchema(database, schema, properties.seconds(RefoldProperty.LOCK_TIMEOUT));
            JdbcEventLog log = new JdbcEventLog(database, schema, types, codec, skipUnknown);
            if (refoldSchema.exists()) {
                Discovery.checkUpcasterChains(log, types, chain);
            }
            return new Engine(database, schema, refoldSchema, log, definitions, codec, properties, new Listeners(listeners));
        } catch (RuntimeException e) {
            database.close();
            throw e;
        }
    }

    public EventLog events() {
        refoldSchema.ensure();
        return log;
    }

    public DataSource dataSource() {
        return database.dataSource();
    }

    public String url() {
        return database.url();
    }

    public ImportResult importEvents(Path ndjson) {
        refoldSchema.ensure();
        return new NdjsonImporter(database, schema, codec.mapper()).importFile(ndjson);
    }

    public InfoResult info() {
        return new InfoCommand(commands).info();
    }

    public ValidateResult validate() {
        return new InfoCommand(commands).validate();
    }

    public PlanResult plan() {
        return new PlanCommand(commands).run();
    }

    public MigrateResult migrate() {
        refoldSchema.ensure();
        return new MigrateCommand(commands).run();
    }

    public BuildResult rebuild(String name) {
        refoldSchema.ensure();
        return new RebuildCommand(commands).run(name);
    }

    public boolean isReady(String projection) {
        return new InfoCommand(commands).ready(projection);
    }

    public RepairResult repair() {
        refoldSchema.ensure();
        return new RepairCommand(commands).run();
    }

    public VerifyResult verify() {
        refoldSchema.ensure();
        return new VerifyCommand(commands).run();
    }

    /**
     * Live catch-up of every declared projection that can be built. A worker applies events only while its
     * projection is CURRENT (built from this code, not failed), so a projection this instance has not migrated
     * yet, or one another instance rebuilt from newer code, waits instead of being written by the wrong code.
     */
    public void start() {
        refoldSchema.ensure();
        catchUp.start(projections.stream().filter(p -> p.problem() == null).toList());
    }

    /** Stops live catch-up: each worker commits its batch in flight, releases its locks and closes its connection. */
    public void stop() {
        catchUp.stop();
    }

    @Override
    public void close() {
        stop();
        database.close();
    }
}

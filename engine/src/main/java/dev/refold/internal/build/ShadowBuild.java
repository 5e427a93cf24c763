package dev.refold.internal.build;

import dev.refold.ProjectionBuildException;
import dev.refold.RefoldException;
import dev.refold.internal.db.Database;
import dev.refold.internal.db.Identifiers;
import dev.refold.internal.history.Checkpoint;
import dev.refold.internal.history.Checkpoints;
import dev.refold.internal.history.ProjectionHistory;
import dev.refold.internal.isolation.DdlSandbox;
import dev.refold.internal.projection.ProjectionDefinition;
import dev.refold.internal.replay.ReplayEngine;
import dev.refold.internal.replay.ReplayOutcome;
import dev.refold.internal.replay.ReplayTarget;
import dev.refold.listener.BuildFailed;
import dev.refold.listener.BuildStarted;
import dev.refold.result.BuildResult;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Optional;

/**
 * A rebuild: the DDL in a shadow schema, the whole log replayed into it, then one short transaction that
 * renames the live schema away and the shadow into place. Readers see the previous version until that
 * commit, and never an empty or half-built table. A failure leaves the live read model untouched and
 * records FAILED in the history.
 */
public final class ShadowBuild {
    private static final Logger LOG = LoggerFactory.getLogger(ShadowBuild.class);

    private final Database database;
    private final ReplayEngine replay;
    private final Checkpoints checkpoints;
    private final ProjectionHistory history;
    private final int batchSize;
    private String liveLock;

    public ShadowBuild(Database database, ReplayEngine replay, Checkpoints checkpoints, ProjectionHistory history, int batchSize) {
        this.database = database;
        this.replay = replay;
        this.checkpoints = checkpoints;
        this.history = history;
        this.batchSize = batchSize;
    }

    /**
     * The swap takes this advisory lock (see {@code AdvisoryLocks.live}) for its transaction: it waits for a
     * live catch-up round in flight, and no round starts until the new read model is in place.
     */
    public ShadowBuild lockingLive(String advisoryKey) {
        this.liveLock = advisoryKey;
        return this;
    }

    public BuildResult build(ProjectionDefinition projection, Integer previousVersion) {
        String shadow = Schemas.shadow(projection.name());
        long started = System.nanoTime();
        replay.listeners().buildStarted(new BuildStarted(projection.name(), projection.version(), previousVersion));
        try {
            prepare(projection, shadow);
            long prepared = System.nanoTime();
            ReplayOutcome replay = this.replay.apply(projection, ReplayTarget.build(shadow), batchSize, Long.MAX_VALUE, true);
            long replayed = System.nanoTime();
            makeDurable(projection, shadow);
            long durable = System.nanoTime();
            Checkpoint built = swap(projection, shadow, millisSince(started));
            LOG.debug("Build of {} v{}: prepare {} ms, replay {} ms ({} writes held in memory), set logged {} ms, swap {} ms",
                    projection.name(), projection.version(), (prepared - started) / 1_000_000, (replayed - prepared) / 1_000_000,
                    replay.writesHeld(), (durable - replayed) / 1_000_000, millisSince(durable));
            LOG.info("Built projection {} v{}: {} events in {} ms ({} in the read model)", projection.name(), projection.version(),
                    replay.eventsApplied(), millisSince(started), built.eventsApplied());
            BuildResult result = new BuildResult(projection.name(), previousVersion, projection.version(), replay.eventsApplied(), built.eventsApplied(),
                    built.lastPosition(), millisSince(started), replay.writesHeld());
            this.replay.listeners().buildFinished(result);
            return result;
        } catch (ProjectionBuildException e) {
            recordFailure(projection, shadow, e, millisSince(started));
            this.replay.listeners().buildFailed(new BuildFailed(projection.name(), projection.version(), e));
            throw e;
        }
    }

    private static long millisSince(long started) {
        return (System.nanoTime() - started) / 1_000_000;
    }

    /** Resumes a build of the same (version, checksum), or starts a fresh shadow with the DDL applied. */
    private void prepare(ProjectionDefinition projection, String shadow) {
        try (Connection connection = database.connection()) {
            connection.setAutoCommit(false);
            DdlSandbox.beginTransaction(connection); // isolation: the DDL fence compares catalog snapshots
            requireOwnedLiveSchema(connection, projection.name());
            Optional<Checkpoint> previous = checkpoints.find(connection, projection.name(), shadow, false);
            if (previous.isPresent() && previous.get().version() == projection.version()
                    && previous.get().checksum().equals(projection.checksum()) && Schemas.exists(connection, shadow)
                    && !UnloggedTables.lostInCrash(connection, previous.get())) {
                LOG.info("Resuming the build of {} v{} after position {}", projection.name(), projection.version(),
                        previous.get().lastPosition());
                connection.commit();
                return;
            }
            Schemas.drop(connection, shadow);
            createWithDdl(connection, projection, shadow);
            boolean unlogged = UnloggedTables.trySetUnlogged(connection, shadow);
            checkpoints.start(connection, projection.name(), shadow, projection.version(), projection.checksum(), unlogged);
            connection.commit();
        } catch (SQLException e) {
            throw new ProjectionBuildException(projection.name(), projection.version(), null, null,
                    "Cannot prepare the build of projection '" + projection.name() + "': " + e.getMessage(), e);
        }
    }

    /** The shadow was filled without WAL; before it serves readers it must survive a crash like any table. */
    private void makeDurable(ProjectionDefinition projection, String shadow) {
        try (Connection connection = database.connection()) {
            connection.setAutoCommit(false);
            UnloggedTables.setLogged(connection, shadow);
            checkpoints.markDurable(connection, projection.name(), shadow);
            connection.commit();
        } catch (SQLException e) {
            throw new ProjectionBuildException(projection.name(), projection.version(), null, null,
                    "Cannot make the rebuilt read model of projection '" + projection.name() + "' durable: " + e.getMessage(), e);
        }
    }

    /**
     * Applies the projection's DDL inside {@code schema}, confined to it (see {@link DdlSandbox}); the caller's
     * transaction, begun with {@link DdlSandbox#beginTransaction}, rolls it all back on failure.
     */
    public static void createWithDdl(Connection connection, ProjectionDefinition projection, String schema) throws SQLException {
        DdlSandbox.apply(connection, projection, schema); // isolation
    }

    /** Refuses to rename away a schema that carries the projection's name but was not built by Refold. */
    private void requireOwnedLiveSchema(Connection connection, String name) throws SQLException {
        if (Schemas.exists(connection, name) && checkpoints.find(connection, name, Checkpoint.LIVE, false).isEmpty()) {
            throw new RefoldException("Schema '" + name + "' exists but is not a read model Refold built: projection '"
                    + name + "' would replace it. Rename the projection, or drop the schema yourself.");
        }
    }

    private Checkpoint swap(ProjectionDefinition projection, String shadow, long executionMillis) {
        String name = projection.name();
        String retired = Schemas.retired(name);
        try (Connection connection = database.connection()) {
            connection.setAutoCommit(false);
            try (Statement s = connection.createStatement()) {
                s.execute("set local lock_timeout = '60s'");
            }
            if (liveLock != null) {
                try (PreparedStatement lock = connection.prepareStatement("select pg_advisory_xact_lock(hashtext(?)) is null")) {
                    lock.setString(1, liveLock);
                    lock.execute();
                }
            }
            // Locking the live checkpoint row waits for a live catch-up batch in flight, and holds off the next.
            checkpoints.find(connection, name, Checkpoint.LIVE, true);
            requireOwnedLiveSchema(connection, name);
            Schemas.drop(connection, retired);
            try (Statement s = connection.createStatement()) {
                if (Schemas.exists(connection, name)) {
                    s.execute("alter schema " + Identifiers.quote(name) + " rename to " + Identifiers.quote(retired));
                }
                s.execute("alter schema " + Identifiers.quote(shadow) + " rename to " + Identifiers.quote(name));
            }
            checkpoints.promote(connection, name, shadow);
            Checkpoint live = checkpoints.find(connection, name, Checkpoint.LIVE, false).orElseThrow();
            history.record(connection, name, projection.version(), projection.description(), projection.checksum(),
                    executionMillis, live.eventsApplied(), live.lastPosition(), true, null);
            connection.commit();
            connection.setAutoCommit(true);
            Schemas.drop(connection, retired);
            return live;
        } catch (SQLException e) {
            throw new ProjectionBuildException(name, projection.version(), null, null,
                    "Swapping in the new read model of projection '" + name + "' failed; the previous version still serves: "
                            + e.getMessage(), e);
        }
    }

    private void recordFailure(ProjectionDefinition projection, String shadow, ProjectionBuildException failure, long millis) {
        try (Connection connection = database.connection()) {
            connection.setAutoCommit(false);
            Schemas.drop(connection, shadow);
            checkpoints.remove(connection, projection.name(), shadow);
            history.record(connection, projection.name(), projection.version(), projection.description(), projection.checksum(),
                    millis, 0, failure.position().orElse(0), false, failure.getMessage());
            connection.commit();
        } catch (SQLException e) {
            failure.addSuppressed(e);
        }
    }
}

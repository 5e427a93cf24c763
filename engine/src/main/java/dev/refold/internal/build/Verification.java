package dev.refold.internal.build;

import dev.refold.ProjectionBuildException;
import dev.refold.internal.db.Database;
import dev.refold.internal.history.Checkpoints;
import dev.refold.internal.isolation.DdlSandbox;
import dev.refold.internal.log.CommitSafeLog;
import dev.refold.internal.projection.ProjectionDefinition;
import dev.refold.internal.replay.ReplayEngine;
import dev.refold.internal.replay.ReplayOutcome;
import dev.refold.internal.replay.ReplayTarget;
import dev.refold.result.VerifyResult.ProjectionVerification;

import java.sql.Connection;
import java.sql.SQLException;

/**
 * The CI check for one projection: a from-scratch build in one pass, and an incremental build in tiny batches
 * with a restart after every few, compared by {@link SchemaDigest}. A projection whose output depends on
 * anything but the log (the clock, a counter, batch boundaries) shows up as a difference.
 *
 * <p>The incremental build writes the way live catch-up does ({@link ReplayTarget#incremental}): statement by
 * statement, a fold's row loaded and upserted after each event, update counts reported as live catch-up reports
 * them. So "from scratch equals incremental" also means "rebuilt equals live", and a row a rebuild completes in
 * memory but live catch-up could not store (a NOT NULL column a later event fills in) fails here, with its event.
 * The from-scratch build is the reference: it returns PostgreSQL's update counts whatever the projection promised
 * ({@code ignoresUpdateCounts()}) or the bytecode proof said, so a false promise shows up as a difference.
 *
 * <p>Neither build may stop short: each must end at the log's head and apply every event of the types handled,
 * the same number both times; otherwise the check fails, whatever the digests say.
 */
public final class Verification {
    private static final int INCREMENTAL_BATCH = 7;
    private static final int BATCHES_PER_RESTART = 3;

    private final Database database;
    private final ReplayEngine replay;
    private final Checkpoints checkpoints;
    private final int batchSize;

    public Verification(Database database, ReplayEngine replay, Checkpoints checkpoints, int batchSize) {
        this.database = database;
        this.replay = replay;
        this.checkpoints = checkpoints;
        this.batchSize = batchSize;
    }

    public ProjectionVerification verify(ProjectionDefinition projection) {
        if (projection.problem() != null) {
            return new ProjectionVerification(projection.name(), projection.version(), 0, 0, null, null, projection.problem());
        }
        String full = Schemas.scratch("verify_full", projection.name());
        String incremental = Schemas.scratch("verify_incr", projection.name());
        try {
            create(projection, full);
            create(projection, incremental);
            CommitSafeLog.Extent log;
            try (Connection connection = database.connection()) {
                connection.setAutoCommit(false);
                log = replay.log().extent(connection);
            }
            ReplayOutcome scratch = replay.apply(projection, ReplayTarget.build(full).withExactCounts(), batchSize, Long.MAX_VALUE, true);
            long incrementalEvents = 0;
            ReplayOutcome step;
            do {
                step = replay.apply(projection, ReplayTarget.incremental(incremental), INCREMENTAL_BATCH, BATCHES_PER_RESTART, false);
                incrementalEvents += step.eventsApplied();
            } while (!step.caughtUp());
            String shortfall = shortfall(log, scratch.lastPosition(), step.lastPosition(), scratch.eventsApplied(), incrementalEvents);
            try (Connection connection = database.connection()) {
                return new ProjectionVerification(projection.name(), projection.version(), log.events(), scratch.eventsApplied(),
                        SchemaDigest.of(connection, full), SchemaDigest.of(connection, incremental), shortfall);
            }
        } catch (ProjectionBuildException e) {
            return new ProjectionVerification(projection.name(), projection.version(), 0, 0, null, null, e.getMessage());
        } catch (SQLException e) {
            return new ProjectionVerification(projection.name(), projection.version(), 0, 0, null, null,
                    "database error while verifying: " + e.getMessage());
        } finally {
            cleanUp(projection, full, incremental);
        }
    }

    /**
     * Why the builds did not both cover the whole log, or null. A build ends below the head when part of the log
     * was not safe to read (a transaction still open): comparing two builds of the same part would pass on it.
     */
    static String shortfall(CommitSafeLog.Extent log, long scratchEnd, long incrementalEnd, long scratchEvents,
                            long incrementalEvents) {
        if (scratchEnd != log.head() || incrementalEnd != log.head()) {
            return "the builds did not cover the whole log: it holds " + log.events() + " events up to position " + log.head()
                    + ", the from-scratch build ended at position " + scratchEnd + " and the incremental one at "
                    + incrementalEnd + " (a transaction that appends events may still be open)";
        }
        if (scratchEvents != incrementalEvents) {
            return "the builds applied different numbers of events: " + scratchEvents + " from scratch, "
                    + incrementalEvents + " incrementally";
        }
        return null;
    }

    private void create(ProjectionDefinition projection, String schema) throws SQLException {
        try (Connection connection = database.connection()) {
            connection.setAutoCommit(false);
            DdlSandbox.beginTransaction(connection); // isolation
            Schemas.drop(connection, schema);
            ShadowBuild.createWithDdl(connection, projection, schema);
            checkpoints.start(connection, projection.name(), schema, projection.version(), projection.checksum(), false);
            connection.commit();
        }
    }

    private void cleanUp(ProjectionDefinition projection, String... schemas) {
        try (Connection connection = database.connection()) {
            for (String schema : schemas) {
                Schemas.drop(connection, schema);
                checkpoints.remove(connection, projection.name(), schema);
            }
        } catch (SQLException ignored) {
            // scratch schemas on a scratch database; the next verify drops them anyway
        }
    }
}

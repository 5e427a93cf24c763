package dev.refold.internal.build;

import dev.refold.ProjectionBuildException;
import dev.refold.internal.db.Database;
import dev.refold.internal.history.Checkpoints;
import dev.refold.internal.isolation.DdlSandbox;
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
 */
public final class Verification {
    private static final int INCREMENTAL_BATCH = 7;
    private static final int BATCHES_PER_RESTART = 3;
    /** A fold flushes (and later reloads and upserts) after every few keys, so every write path is compared. */
    private static final int INCREMENTAL_FOLD_ROWS = 3;

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
            return new ProjectionVerification(projection.name(), projection.version(), 0, null, null, projection.problem());
        }
        String full = Schemas.scratch("verify_full", projection.name());
        String incremental = Schemas.scratch("verify_incr", projection.name());
        try {
            create(projection, full);
            create(projection, incremental);
            long events = replay.apply(projection, ReplayTarget.build(full), batchSize, Long.MAX_VALUE, true).eventsApplied();
            ReplayOutcome step;
            do {
                step = replay.withRowBudgets(INCREMENTAL_FOLD_ROWS).apply(projection,
                        ReplayTarget.build(incremental), INCREMENTAL_BATCH, BATCHES_PER_RESTART, false);
            } while (!step.caughtUp());
            try (Connection connection = database.connection()) {
                return new ProjectionVerification(projection.name(), projection.version(), events,
                        SchemaDigest.of(connection, full), SchemaDigest.of(connection, incremental), null);
            }
        } catch (ProjectionBuildException e) {
            return new ProjectionVerification(projection.name(), projection.version(), 0, null, null, e.getMessage());
        } catch (SQLException e) {
            return new ProjectionVerification(projection.name(), projection.version(), 0, null, null,
                    "database error while verifying: " + e.getMessage());
        } finally {
            cleanUp(projection, full, incremental);
        }
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

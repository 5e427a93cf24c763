package dev.refold.internal.command;

import dev.refold.RefoldException;
import dev.refold.internal.db.Database;
import dev.refold.internal.history.Checkpoints;
import dev.refold.internal.history.ProjectionHistory;
import dev.refold.internal.log.JdbcEventLog;
import dev.refold.internal.plan.ProjectionPlanner;
import dev.refold.internal.plan.ProjectionStatus;
import dev.refold.internal.projection.ProjectionDefinition;
import dev.refold.internal.replay.ReplayEngine;
import dev.refold.internal.schema.RefoldSchema;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.List;

/**
 * What every command works on, opened once by the engine: the database, the log, the declared projections,
 * Refold's own tables, the replay and the settings commands read. Also the one read they all start from.
 */
public record Commands(Database database, RefoldSchema refoldSchema, JdbcEventLog log, List<ProjectionDefinition> projections,
                       ProjectionHistory history, Checkpoints checkpoints, ReplayEngine replay, MigrationLock lock,
                       int batchSize, boolean allowDowngrade, boolean dropOrphans,
                       Coordination coordination) {

    /**
     * Each declared or built projection with its state, from the history and the checkpoints; on a database where
     * Refold's tables were never made (info and validate do not make them), nothing was built.
     */
    public List<ProjectionStatus> statuses() {
        if (!refoldSchema.exists()) {
            return ProjectionPlanner.statuses(projections, List.of(), List.of());
        }
        try (Connection connection = database.connection()) {
            return ProjectionPlanner.statuses(projections, history.all(connection), checkpoints.all(connection));
        } catch (SQLException e) {
            throw new RefoldException("Cannot read Refold's projection history: " + e.getMessage(), e);
        }
    }
}

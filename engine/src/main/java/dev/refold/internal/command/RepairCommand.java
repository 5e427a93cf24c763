package dev.refold.internal.command;

import dev.refold.RefoldException;
import dev.refold.internal.plan.ProjectionStatus;
import dev.refold.internal.projection.ProjectionDefinition;
import dev.refold.result.RepairResult;

import dev.refold.internal.coordination.SessionLocks;
import dev.refold.internal.db.AdvisoryLocks;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;

/** {@code repair}: realigns checksums of CHANGED projections and clears failures, in one transaction. */
public final class RepairCommand {
    private final Commands commands;

    public RepairCommand(Commands commands) {
        this.commands = commands;
    }

    public RepairResult run() {
        return commands.lock().run(() -> {
            List<String> realigned = new ArrayList<>();
            List<String> cleared = new ArrayList<>();
            try (Connection connection = commands.database().connection()) {
                connection.setAutoCommit(false);
                for (ProjectionStatus s : commands.statuses()) {
                    ProjectionDefinition d = s.definition();
                    if (d == null) {
                        continue;
                    }
                    // Workers no longer share the migration lock: hold each live read model still while it is repaired.
                    SessionLocks.lockForTransaction(connection, AdvisoryLocks.live(commands.coordination().schema(), s.name()));
                    if (commands.history().removeFailures(connection, s.name()) > 0 | (s.live() != null && s.live().failed())) {
                        commands.checkpoints().clearFailure(connection, s.name());
                        cleared.add(s.name());
                    }
                    if (s.live() != null && s.live().version() == d.version() && !s.live().checksum().equals(d.checksum())) {
                        commands.history().realign(connection, s.name(), d.version(), d.checksum());
                        commands.checkpoints().realign(connection, s.name(), d.checksum());
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
}

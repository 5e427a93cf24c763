package dev.refold.internal.command;

import dev.refold.RefoldException;
import dev.refold.internal.coordination.BuildRegistry;
import dev.refold.internal.history.Checkpoint;
import dev.refold.internal.history.HistoryEntry;
import dev.refold.internal.log.CommitSafeLog;
import dev.refold.internal.plan.PlannedAction;
import dev.refold.internal.plan.ProjectionPlanner;
import dev.refold.internal.plan.ProjectionStatus;
import dev.refold.internal.projection.ProjectionDefinition;
import dev.refold.result.BuildProgress;
import dev.refold.result.PlanResult;
import dev.refold.result.ProjectionState;
import dev.refold.result.PlanResult.Action;
import dev.refold.result.PlanResult.ProjectionPlan;
import dev.refold.result.PlanResult.RateSource;

import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * {@code plan}: what migrate would do, from the same statuses, problems and {@link PlannedAction}s migrate uses,
 * with the events each action would replay counted and timed. Reads only: no lock, no schema made, and the counting
 * connection is read-only.
 */
public final class PlanCommand {
    /**
     * The rate assumed without a measurement: well below the benchmark's handler-style rebuilds (75,000 to 200,000
     * events/s), since a projection's handlers may do much more per event than the benchmark's.
     */
    public static final double DEFAULT_EVENTS_PER_SECOND = 10_000;
    /**
     * A smaller build is timed mostly by its fixed costs (DDL, SET LOGGED, the swap), and its rate says nothing about
     * a long replay.
     */
    static final long MIN_TIMED_EVENTS = 1_000;

    private static final CommitSafeLog.Place START = new CommitSafeLog.Place(0, 0);

    private final Commands commands;

    public PlanCommand(Commands commands) {
        this.commands = commands;
    }

    public PlanResult run() {
        List<ProjectionStatus> statuses = commands.statuses();
        try {
            if (!commands.refoldSchema().exists()) {
                return plan(statuses, null, 0);
            }
            try (Connection connection = commands.database().connection()) {
                connection.setReadOnly(true);
                return plan(statuses, connection, commands.log().headPosition());
            }
        } catch (SQLException e) {
            throw new RefoldException("Cannot count the events a migration would replay: " + e.getMessage(), e);
        }
    }

    /** {@code connection} is null when Refold's tables do not exist: then the log is empty. */
    private PlanResult plan(List<ProjectionStatus> statuses, Connection connection, long head) throws SQLException {
        List<ProjectionPlan> plans = new ArrayList<>();
        Map<String, BuildProgress> builds = connection == null ? Map.of()
                : new BuildRegistry(commands.coordination().schema()).progress(connection, head);
        for (ProjectionStatus s : statuses) {
            plans.add(plan(s, connection, builds.get(s.name())));
        }
        return new PlanResult(plans, head, DEFAULT_EVENTS_PER_SECOND);
    }

    private ProjectionPlan plan(ProjectionStatus s, Connection connection, BuildProgress build) throws SQLException {
        ProjectionDefinition d = s.definition();
        Checkpoint live = s.live();
        Integer declared = d == null ? null : d.version();
        Integer built = live == null ? null : live.version();
        // one status at a time, so that each problem lands on its projection; includeFailed false as in migrate
        List<String> problems = ProjectionPlanner.problems(List.of(s), commands.allowDowngrade(), false);
        Action action;
        String reason;
        long events = 0;
        if (!problems.isEmpty()) {
            action = Action.REFUSE;
            reason = problems.get(0);
        } else {
            PlannedAction planned = PlannedAction.of(s, commands.dropOrphans());
            action = Action.valueOf(planned.kind().name());
            reason = reason(s, action);
            if (action == Action.BUILD && build != null && build.active()) {
                // migrate would not build it: it returns at once and lists it in buildingElsewhere()
                reason = reason + "; a build is in progress, which migrate leaves to its builder: " + build.describe();
            }
            if (connection != null && action == Action.BUILD) {
                events = commands.replay().log().count(connection, START, d.handledTypeNames());
            } else if (connection != null && action == Action.CATCH_UP) {
                events = commands.replay().log().count(connection,
                        new CommitSafeLog.Place(live.lastTransactionId(), live.lastPosition()), d.handledTypeNames());
                if (s.state() == ProjectionState.CURRENT) {
                    reason = events == 0 ? "up to date at position " + live.lastPosition()
                            : events + " new events after position " + live.lastPosition();
                }
            }
        }
        HistoryEntry timed = s.lastSuccess();
        boolean measured = timed != null && timed.eventsReplayed() >= MIN_TIMED_EVENTS && timed.executionTimeMillis() > 0;
        double rate = measured ? timed.eventsReplayed() * 1000.0 / timed.executionTimeMillis() : DEFAULT_EVENTS_PER_SECOND;
        String basis;
        if (measured) {
            basis = String.format(Locale.ROOT, "measured: %d events in %d ms by the version %d build of %s",
                    timed.eventsReplayed(), timed.executionTimeMillis(), timed.version(), timed.installedOn());
        } else if (timed == null) {
            basis = "default: no successful build recorded";
        } else {
            basis = "default: the last build replayed " + timed.eventsReplayed() + " events, too few to time (under "
                    + MIN_TIMED_EVENTS + ")";
        }
        Duration eta = Duration.ofMillis(Math.round(events * 1000.0 / rate));
        return new ProjectionPlan(s.name(), action, s.state(), declared, built, reason,
                action == Action.REFUSE ? reason : null, events, rate,
                measured ? RateSource.MEASURED : RateSource.DEFAULT, basis, eta);
    }

    private static String reason(ProjectionStatus s, Action action) {
        Checkpoint live = s.live();
        return switch (s.state()) {
            case PENDING -> "never built";
            case OUTDATED -> "version " + live.version() + " is built, the code declares " + s.definition().version();
            case FUTURE -> "version " + live.version() + " is built, the code declares " + s.definition().version()
                    + ", and refold.allowDowngrade is true";
            case FAILED -> s.liveFailure()
                    ? "live catch-up failed: " + live.failure()
                    : "the last build failed (version " + s.lastFailure().version() + "): " + s.lastFailure().error();
            case ORPHANED -> action == Action.DROP_ORPHAN ? "no longer declared, and refold.dropOrphans is true"
                    : "no longer declared; kept, since refold.dropOrphans is false";
            case CURRENT -> "built from this code";
            default -> s.state().name().toLowerCase(Locale.ROOT);
        };
    }
}

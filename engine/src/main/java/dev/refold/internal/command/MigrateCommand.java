package dev.refold.internal.command;

import dev.refold.RefoldException;
import dev.refold.ValidationException;
import dev.refold.internal.build.Schemas;
import dev.refold.internal.build.ShadowBuild;
import dev.refold.internal.coordination.BuildClaim;
import dev.refold.internal.coordination.BuildRegistry;
import dev.refold.internal.coordination.LockHolders;
import dev.refold.internal.coordination.SessionLocks;
import dev.refold.internal.db.AdvisoryLocks;
import dev.refold.internal.history.Checkpoint;
import dev.refold.internal.isolation.ProjectionRole;
import dev.refold.internal.plan.PlannedAction;
import dev.refold.internal.plan.ProjectionPlanner;
import dev.refold.internal.plan.ProjectionStatus;
import dev.refold.internal.projection.ProjectionDefinition;
import dev.refold.internal.replay.ReplayTarget;
import dev.refold.result.BuildProgress;
import dev.refold.result.BuildResult;
import dev.refold.result.MigrateResult;
import dev.refold.result.ValidateResult;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * {@code migrate}: validates, then carries out the planner's action for each projection.
 *
 * <p>Planning runs under the short global migration lock; each build runs after it, under its projection's
 * {@link BuildClaim}, one claim per round so that two instances with two outdated projections build one each,
 * at the same time. A projection another instance is building is not waited for unless
 * {@code refold.waitForBuilds} says so: the result lists it, and the application serves what is CURRENT.
 */
public final class MigrateCommand {
    private static final Logger LOG = LoggerFactory.getLogger(MigrateCommand.class);
    private static final Duration POLL = Duration.ofSeconds(1);
    private static final Duration REPORT_EVERY = Duration.ofSeconds(10);

    private final Commands commands;

    public MigrateCommand(Commands commands) {
        this.commands = commands;
    }

    /** One planning round: the build this instance claimed (or null), what it catches up, what others build. */
    private record Plan(BuildClaim claim, ProjectionStatus toBuild, List<ProjectionStatus> toCatchUp, List<String> elsewhere) {
    }

    public MigrateResult run() {
        long started = System.nanoTime();
        long deadline = started + commands.coordination().waitForBuilds().toNanos();
        List<BuildResult> built = new ArrayList<>();
        long caughtUp = 0;
        while (true) {
            Plan plan = commands.lock().run(this::plan);
            // CURRENT read models first: a build that fails (or takes an hour) leaves them caught up to the call
            try (BuildClaim claim = plan.claim()) {
                for (ProjectionStatus s : plan.toCatchUp()) {
                    caughtUp += catchUp(s.definition());
                }
                if (claim != null) {
                    ProjectionStatus now = recheck(plan.toBuild());
                    if (now != null) {
                        built.add(build(commands, now, claim));
                    }
                    continue;
                }
            }
            List<BuildProgress> elsewhere = progress(plan.elsewhere());
            if (elsewhere.isEmpty() || System.nanoTime() >= deadline) {
                elsewhere.forEach(b -> LOG.info("Projection '{}' is being built by another instance; it is served once"
                        + " swapped in: {}", b.projection(), b.describe()));
                return new MigrateResult(built, caughtUp, (System.nanoTime() - started) / 1_000_000, elsewhere);
            }
            awaitBuilds(plan.elsewhere(), deadline);
        }
    }

    private Plan plan() {
        List<ProjectionStatus> statuses = commands.statuses();
        List<String> problems = ProjectionPlanner.problems(statuses, commands.allowDowngrade(), false);
        if (!problems.isEmpty()) {
            throw new ValidationException(new ValidateResult(problems));
        }
        List<ProjectionStatus> toCatchUp = new ArrayList<>();
        List<String> elsewhere = new ArrayList<>();
        BuildClaim claimed = null;
        ProjectionStatus toBuild = null;
        try {
            for (ProjectionStatus s : statuses) {
                PlannedAction action = PlannedAction.of(s, commands.dropOrphans());
                switch (action.kind()) {
                    case BUILD -> {
                        if (claimed != null) {
                            continue; // one build per round, so that another instance can claim the next one
                        }
                        var claim = BuildClaim.tryClaim(commands.database(), commands.coordination().schema(), s.name());
                        if (claim.isPresent()) {
                            claimed = claim.get();
                            toBuild = s;
                        } else {
                            elsewhere.add(s.name());
                        }
                    }
                    case CATCH_UP -> toCatchUp.add(s);
                    case DROP_ORPHAN -> dropOrphan(s.name());
                    case NOTHING -> {
                    }
                }
            }
        } catch (RuntimeException e) {
            if (claimed != null) {
                claimed.close(); // its lock is on a connection of its own: left open, it would outlive this call
            }
            throw e;
        }
        return new Plan(claimed, toBuild, toCatchUp, elsewhere);
    }

    /**
     * The status was read before the claim: another instance may have swapped its build in and released the
     * claim in between. Null when there is nothing left to build.
     */
    private ProjectionStatus recheck(ProjectionStatus planned) {
        ProjectionStatus now = commands.statuses().stream().filter(s -> s.name().equals(planned.name())).findFirst().orElse(null);
        if (now == null || PlannedAction.of(now, commands.dropOrphans()).kind() != PlannedAction.Kind.BUILD) {
            LOG.info("Projection '{}' was built by another instance meanwhile", planned.name());
            return null;
        }
        return now;
    }

    /** A build of the status's projection into a shadow, swapped in, under {@code claim}; {@code rebuild} uses it too. */
    static BuildResult build(Commands commands, ProjectionStatus status, BuildClaim claim) {
        Integer previous = status.live() == null ? null : status.live().version();
        claim.starting(status.definition());
        return new ShadowBuild(commands.database(), commands.replay(), commands.checkpoints(), commands.history(),
                commands.batchSize()).lockingLive(AdvisoryLocks.live(commands.coordination().schema(), status.name()))
                .build(status.definition(), previous);
    }

    /** Exclusive on the live lock: the live worker's round in flight ends first, and no round overlaps this one. */
    private long catchUp(ProjectionDefinition definition) {
        String key = AdvisoryLocks.live(commands.coordination().schema(), definition.name());
        try (Connection connection = commands.database().connection()) {
            SessionLocks.lock(connection, key, commands.coordination().lockTimeout(),
                    "Another Refold instance held the live read model of projection '" + definition.name() + "'");
            try {
                return commands.replay().apply(definition, ReplayTarget.live(definition.name()), commands.batchSize(),
                        Long.MAX_VALUE, true).eventsApplied();
            } finally {
                SessionLocks.unlock(connection, key);
            }
        } catch (SQLException e) {
            throw new RefoldException("Cannot catch up projection '" + definition.name() + "': " + e.getMessage(), e);
        }
    }

    private List<BuildProgress> progress(List<String> names) {
        if (names.isEmpty()) {
            return List.of();
        }
        try (Connection connection = commands.database().connection()) {
            Map<String, BuildProgress> builds = new BuildRegistry(commands.coordination().schema())
                    .progress(connection, commands.log().headPosition());
            List<BuildProgress> result = new ArrayList<>();
            for (String name : names) {
                BuildProgress known = builds.get(name);
                if (known != null && known.active()) {
                    result.add(known);
                } else if (!LockHolders.of(connection, AdvisoryLocks.build(commands.coordination().schema(), name)).isEmpty()) {
                    // claimed, its shadow not prepared yet
                    result.add(new BuildProgress(name, declaredVersion(name), Schemas.shadow(name), true,
                            LockHolders.describe(connection, AdvisoryLocks.build(commands.coordination().schema(), name)),
                            null, 0, 0, 0, null));
                }
            }
            return result;
        } catch (SQLException e) {
            throw new RefoldException("Cannot read the builds in progress: " + e.getMessage(), e);
        }
    }

    private int declaredVersion(String name) {
        return commands.projections().stream().filter(p -> p.name().equals(name)).findFirst().map(ProjectionDefinition::version).orElse(0);
    }

    /** Until one of the builds ends (its claim is released) or the deadline, logging progress now and then. */
    private void awaitBuilds(List<String> names, long deadline) {
        long nextReport = System.nanoTime();
        while (System.nanoTime() < deadline) {
            List<BuildProgress> running = progress(names);
            if (running.size() < names.size()) {
                return;
            }
            if (System.nanoTime() >= nextReport) {
                running.forEach(b -> LOG.info("Waiting (refold.waitForBuilds) for projection '{}': {}", b.projection(), b.describe()));
                nextReport = System.nanoTime() + REPORT_EVERY.toNanos();
            }
            try {
                Thread.sleep(Math.max(1, Math.min(POLL.toMillis(), (deadline - System.nanoTime()) / 1_000_000)));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new RefoldException("Interrupted while waiting for projections another instance builds: " + names, e);
            }
        }
    }

    private void dropOrphan(String name) {
        try (Connection connection = commands.database().connection()) {
            connection.setAutoCommit(false);
            Schemas.drop(connection, name);
            commands.checkpoints().remove(connection, name, Checkpoint.LIVE);
            connection.commit();
            ProjectionRole.dropIfUnused(connection, name); // the role owned nothing but that schema
        } catch (SQLException e) {
            throw new RefoldException("Cannot drop orphaned projection '" + name + "': " + e.getMessage(), e);
        }
    }
}

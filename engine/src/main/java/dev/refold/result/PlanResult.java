package dev.refold.result;

import dev.refold.internal.text.ResultJson;
import dev.refold.internal.text.TextTable;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * What {@code migrate} would do now, read without changing anything (not even creating Refold's tables): for each
 * projection the action, why, how many events it would replay and how long that should take.
 *
 * <p>Migrate validates first: when any projection is {@link Action#REFUSE}d, it stops before changing anything, so
 * the other projections' actions are what it would do once those problems are fixed ({@link #refused()}).
 *
 * @param headPosition           the highest position in the log
 * @param defaultEventsPerSecond the rate an ETA assumes for a projection with no build worth timing
 */
public record PlanResult(List<ProjectionPlan> projections, long headPosition, double defaultEventsPerSecond) {
    public PlanResult {
        projections = List.copyOf(projections);
    }

    /** What migrate does with one projection. */
    public enum Action {
        /** Replay the whole log into a shadow and swap it in (PENDING, OUTDATED, FAILED in a build, FUTURE if allowed). */
        BUILD,
        /** Apply the events after the live checkpoint (CURRENT, or FAILED in live catch-up). */
        CATCH_UP,
        /** Leave it as it is (an orphan kept). */
        NOTHING,
        /** Drop the read model of a projection no longer declared ({@code refold.dropOrphans=true}). */
        DROP_ORPHAN,
        /** Validation fails for it: migrate stops before changing anything. */
        REFUSE
    }

    /** Where the rate behind an ETA comes from. */
    public enum RateSource {
        /** Events replayed over the execution time of the projection's last successful build. */
        MEASURED,
        /** {@link #defaultEventsPerSecond()}: no successful build, or one too small to time. */
        DEFAULT
    }

    /**
     * One projection's line of the plan.
     *
     * @param declaredVersion the version in code, or null for an orphan
     * @param builtVersion    the version serving now, or null
     * @param reason          why, in words: the state and what it rests on; for REFUSE, the validation problem
     * @param problem         for REFUSE, the validation problem (as {@code validate} words it); otherwise null
     * @param eventsToReplay  BUILD: the events of the projection's handled types in the whole log; CATCH_UP: those
     *                        after the live checkpoint; otherwise 0
     * @param eventsPerSecond the rate the ETA assumes
     * @param rateBasis       what that rate rests on, in words
     * @param eta             {@code eventsToReplay} at {@code eventsPerSecond}
     */
    public record ProjectionPlan(String projection, Action action, ProjectionState state, Integer declaredVersion,
                                 Integer builtVersion, String reason, String problem, long eventsToReplay,
                                 double eventsPerSecond, RateSource rateSource, String rateBasis, Duration eta) {
    }

    public Optional<ProjectionPlan> projection(String name) {
        return projections.stream().filter(p -> p.projection().equals(name)).findFirst();
    }

    /** True when migrate would stop at validation and change nothing. */
    public boolean refused() {
        return projections.stream().anyMatch(p -> p.action() == Action.REFUSE);
    }

    /** The validation problems that make migrate refuse, one per projection. */
    public List<String> problems() {
        return projections.stream().filter(p -> p.problem() != null).map(ProjectionPlan::problem).toList();
    }

    public long eventsToReplay() {
        return projections.stream().mapToLong(ProjectionPlan::eventsToReplay).sum();
    }

    /** The sum of the projections' ETAs: migrate builds them one after another. */
    public Duration eta() {
        return projections.stream().map(ProjectionPlan::eta).reduce(Duration.ZERO, Duration::plus);
    }

    public String toTable() {
        List<String[]> rows = new ArrayList<>();
        rows.add(new String[]{"Projection", "Version", "State", "Action", "Events", "ETA", "Rate", "Reason"});
        for (ProjectionPlan p : projections) {
            rows.add(new String[]{p.projection(), version(p), p.state().name(), p.action().name(),
                    Long.toString(p.eventsToReplay()), p.eventsToReplay() == 0 ? "" : duration(p.eta()),
                    p.eventsToReplay() == 0 ? "" : String.format(Locale.ROOT, "%,.0f/s %s", p.eventsPerSecond(),
                            p.rateSource().name().toLowerCase(Locale.ROOT)),
                    p.reason()});
        }
        StringBuilder out = new StringBuilder(TextTable.render(rows, "No projections found"));
        if (refused()) {
            out.append("\nMigrate would refuse to run and change nothing until this is fixed:");
            problems().forEach(problem -> out.append("\n- ").append(problem));
        } else if (!projections.isEmpty()) {
            out.append(String.format(Locale.ROOT, "%nMigrate would replay %d events, about %s", eventsToReplay(),
                    duration(eta())));
        }
        return out.toString();
    }

    /** The plan as JSON; the fields are this record's components and those of {@link ProjectionPlan} (see README). */
    public String toJson() {
        return ResultJson.write(this);
    }

    private static String version(ProjectionPlan p) {
        if (p.declaredVersion() == null) {
            return String.valueOf(p.builtVersion());
        }
        if (p.builtVersion() == null || p.builtVersion().equals(p.declaredVersion())) {
            return String.valueOf(p.declaredVersion());
        }
        return p.builtVersion() + " -> " + p.declaredVersion();
    }

    static String duration(Duration d) {
        long seconds = d.toSeconds();
        if (seconds < 1) {
            return "< 1 s";
        }
        if (seconds < 60) {
            return seconds + " s";
        }
        if (seconds < 3600) {
            return (seconds / 60) + " min " + (seconds % 60) + " s";
        }
        return (seconds / 3600) + " h " + (seconds % 3600 / 60) + " min";
    }
}

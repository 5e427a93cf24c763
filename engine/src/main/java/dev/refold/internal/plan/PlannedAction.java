package dev.refold.internal.plan;

/**
 * What {@code migrate} does with one projection, decided from its status alone, so that the decision can be read
 * (and tested) apart from the database work that carries it out.
 */
public record PlannedAction(Kind kind, ProjectionStatus status) {
    public enum Kind {
        /** Replay the whole log into a shadow and swap it in. */
        BUILD,
        /** Apply the events after the live checkpoint. */
        CATCH_UP,
        /** Drop the read model of a projection no longer declared. */
        DROP_ORPHAN,
        /** Leave it as it is (CHANGED waits for repair; an orphan is kept unless told otherwise). */
        NOTHING
    }

    /** The action for one status; only called after validation, so states that fail migrate do not occur. */
    public static PlannedAction of(ProjectionStatus status, boolean dropOrphans) {
        Kind kind = switch (status.state()) {
            case PENDING, OUTDATED, FUTURE -> Kind.BUILD;
            case FAILED -> status.liveFailure() ? Kind.CATCH_UP : Kind.BUILD;
            case CURRENT -> Kind.CATCH_UP;
            case ORPHANED -> dropOrphans ? Kind.DROP_ORPHAN : Kind.NOTHING;
            default -> Kind.NOTHING;
        };
        return new PlannedAction(kind, status);
    }
}

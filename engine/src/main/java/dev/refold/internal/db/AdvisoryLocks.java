package dev.refold.internal.db;

/**
 * The names of Refold's session advisory locks (taken as {@code hashtext(name)}), in one place so that the
 * migrator and the live workers can never disagree on them.
 */
public final class AdvisoryLocks {
    private AdvisoryLocks() {
    }

    /**
     * Held exclusively by migrate and repair while they plan and make schema-level decisions, never for a
     * whole build: a build holds its projection's {@link #build} lock instead.
     */
    public static String migration(String schema) {
        return "refold.migrate:" + schema;
    }

    /** Held by the one instance that keeps a projection caught up. */
    public static String projection(String schema, String projection) {
        return "refold.projection:" + schema + ":" + projection;
    }

    /**
     * Held by the one instance that builds a projection, on a connection of its own, from the claim to the swap.
     * Its holder is what {@code info} shows for a build, and a shadow checkpoint without a holder is abandoned.
     */
    public static String build(String schema, String projection) {
        return "refold.build:" + schema + ":" + projection;
    }

    /**
     * Shared by each live catch-up round of a projection; exclusive for what replaces or catches up its live read
     * model from outside the worker (the swap, migrate's catch-up, repair). A build does not hold it while it
     * replays, so the live read model keeps being caught up until the swap.
     */
    public static String live(String schema, String projection) {
        return "refold.live:" + schema + ":" + projection;
    }
}

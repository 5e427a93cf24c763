package dev.refold.internal.db;

/**
 * The names of Refold's session advisory locks (taken as {@code hashtext(name)}), in one place so that the
 * migrator and the live workers can never disagree on them.
 */
public final class AdvisoryLocks {
    private AdvisoryLocks() {
    }

    /** Held exclusively by migrate, rebuild and repair; shared by each live catch-up round. */
    public static String migration(String schema) {
        return "refold.migrate:" + schema;
    }

    /** Held by the one instance that keeps a projection caught up. */
    public static String projection(String schema, String projection) {
        return "refold.projection:" + schema + ":" + projection;
    }
}

package dev.refold.internal.replay;

import dev.refold.internal.history.Checkpoint;

/**
 * Where a replay writes. Built by {@link #live} or {@link #build}: the two kinds differ in three ways at once (the
 * checkpoint row, the schema, whether live-only handlers run), which positional arguments let drift apart.
 *
 * @param schema    the physical schema the projection's tables are in (the shadow during a rebuild)
 * @param target    the checkpoint row's target ({@code live}, or the schema of a build)
 * @param replaying true for rebuilds: live-only handlers are skipped
 */
public record ReplayTarget(String schema, String target, boolean replaying) {
    /** The serving read model of a projection, which owns the schema of its name; live-only handlers run. */
    public static ReplayTarget live(String projection) {
        return new ReplayTarget(projection, Checkpoint.LIVE, false);
    }

    /** A shadow schema being built from the log, its own checkpoint target; live-only handlers are skipped. */
    public static ReplayTarget build(String shadowSchema) {
        return new ReplayTarget(shadowSchema, shadowSchema, true);
    }
}

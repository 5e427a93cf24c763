package dev.refold.internal.replay;

import dev.refold.internal.history.Checkpoint;

/**
 * Where a replay writes. Built by {@link #live} or {@link #build}: the two kinds differ in three ways at once (the
 * checkpoint row, the schema, whether live-only handlers run), which positional arguments let drift apart.
 *
 * @param schema    the physical schema the projection's tables are in (the shadow during a rebuild)
 * @param target    the checkpoint row's target ({@code live}, or the schema of a build)
 * @param replaying   true for rebuilds: live-only handlers are skipped, and handlers are told they replay
 * @param bulk        whether the rebuild's writers may be used (write-behind, a fold's buffer, commits on the sender
 *                    thread); false writes as live catch-up does: statements, a fold's row loaded and upserted per
 *                    event, each batch committed before the next
 * @param exactCounts whether every update count must be PostgreSQL's even when the projection promised it never
 *                    reads them, or the proof says so ({@code verify}'s from-scratch build, the reference its
 *                    incremental build, which counts as live catch-up does, is compared with)
 */
public record ReplayTarget(String schema, String target, boolean replaying, boolean bulk, boolean exactCounts) {
    /** The serving read model of a projection, which owns the schema of its name; live-only handlers run. */
    public static ReplayTarget live(String projection) {
        return new ReplayTarget(projection, Checkpoint.LIVE, false, false, false);
    }

    /** A shadow schema being built from the log, its own checkpoint target; live-only handlers are skipped. */
    public static ReplayTarget build(String shadowSchema) {
        return new ReplayTarget(shadowSchema, shadowSchema, true, true, false);
    }

    /**
     * {@code verify}'s incremental build: written event by event the way live catch-up writes, update counts as live
     * catch-up reports them (so that "from scratch equals incremental" also means "rebuilt equals live"); live-only
     * handlers are skipped, as in a rebuild, since verify must not send the emails.
     */
    public static ReplayTarget incremental(String schema) {
        return new ReplayTarget(schema, schema, true, false, false);
    }

    /** The same target with every update count PostgreSQL's, whatever the projection promised or the proof said. */
    public ReplayTarget withExactCounts() {
        return new ReplayTarget(schema, target, replaying, bulk, true);
    }
}

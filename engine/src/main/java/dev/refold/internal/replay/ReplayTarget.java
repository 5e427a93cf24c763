package dev.refold.internal.replay;

/**
 * Where a replay writes.
 *
 * @param schema    the physical schema the projection's tables are in (the shadow during a rebuild)
 * @param target    the checkpoint row's target ({@code live}, or the schema of a build)
 * @param replaying true for rebuilds: live-only handlers are skipped
 */
public record ReplayTarget(String schema, String target, boolean replaying) {
}

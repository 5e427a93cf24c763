package dev.refold.result;

/** Where a projection stands, compared with what was last built. */
public enum ProjectionState {
    /** Never built. */
    PENDING,
    /** The declared version is above the built one: migrate rebuilds it. */
    OUTDATED,
    /** Same version, different checksum: validate fails until the version is bumped or repair is run. */
    CHANGED,
    /** Built, and matching its declaration. */
    CURRENT,
    /** The last build (or live catch-up) failed. */
    FAILED,
    /** The built version is above the declared one: Refold refuses to downgrade unless configured to. */
    FUTURE,
    /** Built, but no longer declared. */
    ORPHANED
}

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
    /**
     * A build is in progress, in this process or another ({@link ProjectionInfo#build()}: position, rate, ETA,
     * builder). Readers keep seeing the version it replaces, if any, until the swap.
     */
    BUILDING,
    /** The last build (or live catch-up) failed. */
    FAILED,
    /** The built version is above the declared one: Refold refuses to downgrade unless configured to. */
    FUTURE,
    /** Built, but no longer declared. */
    ORPHANED
}

package dev.refold.result;

import java.time.Instant;

/**
 * One row of {@code info}.
 *
 * @param declaredVersion the version in code, or null for an ORPHANED projection
 * @param builtVersion    the version serving now, or null when none was built
 * @param builtOn         when the serving version was swapped in
 * @param eventsApplied   events applied to the serving read model (replayed plus caught up)
 * @param position        the serving read model's checkpoint position
 * @param lag             log head minus {@code position}
 * @param failure         the last failure's message, or null
 * @param build           the build in progress (state BUILDING), or an abandoned one, or null
 */
public record ProjectionInfo(String projection, Integer declaredVersion, Integer builtVersion,
                             String description, ProjectionState state, Instant builtOn,
                             long eventsApplied, long position, long lag,
                             String declaredChecksum, String builtChecksum, String failure, BuildProgress build) {
    public ProjectionInfo(String projection, Integer declaredVersion, Integer builtVersion, String description,
                          ProjectionState state, Instant builtOn, long eventsApplied, long position, long lag,
                          String declaredChecksum, String builtChecksum, String failure) {
        this(projection, declaredVersion, builtVersion, description, state, builtOn, eventsApplied, position, lag,
                declaredChecksum, builtChecksum, failure, null);
    }
}

package dev.refold.result;

import java.time.Instant;
import java.util.Optional;

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
 * @param waitingOn       the appends in flight (pid, transaction age, session state) that hold back events
 *                        committed after {@code position}, when there are any
 * @param build           the build in progress (state BUILDING), or an abandoned one, or null
 */
public record ProjectionInfo(String projection, Integer declaredVersion, Integer builtVersion,
                             String description, ProjectionState state, Instant builtOn,
                             long eventsApplied, long position, long lag,
                             String declaredChecksum, String builtChecksum, String failure,
                             Optional<String> waitingOn, BuildProgress build) {
    public ProjectionInfo {
        waitingOn = waitingOn == null ? Optional.empty() : waitingOn;
    }

    public ProjectionInfo(String projection, Integer declaredVersion, Integer builtVersion,
                          String description, ProjectionState state, Instant builtOn,
                          long eventsApplied, long position, long lag,
                          String declaredChecksum, String builtChecksum, String failure) {
        this(projection, declaredVersion, builtVersion, description, state, builtOn, eventsApplied, position, lag,
                declaredChecksum, builtChecksum, failure, Optional.empty(), null);
    }
}

package dev.refold.result;

/**
 * One projection built by {@code migrate} or {@code rebuild}.
 *
 * @param previousVersion the version that served before, or null
 * @param eventsReplayed  events applied to the new read model
 * @param lastPosition    its checkpoint when it was swapped in
 */
public record BuildResult(String projection, Integer previousVersion, int version, long eventsReplayed,
                          long lastPosition, long executionTimeMillis) {
    public double eventsPerSecond() {
        return executionTimeMillis == 0 ? eventsReplayed : eventsReplayed * 1000.0 / executionTimeMillis;
    }
}

package dev.refold.listener;

/**
 * A rebuild's replay so far.
 *
 * @param eventsReplayed events applied to the shadow read model, committed or about to be
 * @param position       the log position reached
 * @param startPosition  where this replay started (0, or a checkpoint it resumed from)
 * @param headPosition   the head of the log when the replay started
 */
public record BuildProgress(String projection, int version, long eventsReplayed, long position, long startPosition,
                            long headPosition, double eventsPerSecond) {

    /** The share of the log between start and head replayed so far, from 0 to 1. */
    public double fractionDone() {
        if (headPosition <= startPosition) {
            return 1;
        }
        return Math.max(0, Math.min(1, (double) (position - startPosition) / (headPosition - startPosition)));
    }
}

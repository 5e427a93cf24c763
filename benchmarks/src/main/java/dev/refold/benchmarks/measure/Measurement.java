package dev.refold.benchmarks.measure;

import dev.refold.benchmarks.readmodel.TableDigest;

/**
 * One approach's run.
 *
 * @param peakHeapBytes     the most heap in use at any sample, garbage included
 * @param peakLiveHeapBytes the most heap left after a collection: what the approach retains
 * @param digestMatches whether its table equals its reference table (the physical limit's, or for a sample
 *                      the physical limit over the same sample)
 */
public record Measurement(String label, long events, long nanos, long peakHeapBytes, long peakLiveHeapBytes, TableDigest digest,
                          boolean digestMatches, String note) {
    public double seconds() {
        return nanos / 1e9;
    }

    public double eventsPerSecond() {
        return nanos == 0 ? 0 : events * 1e9 / nanos;
    }
}

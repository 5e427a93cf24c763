package dev.refold.internal.catchup;

import java.time.Duration;

/**
 * How often live catch-up tries an event whose handler fails before it marks the projection FAILED
 * ({@code refold.liveAttempts}), and how long it waits between tries. A handler can fail for a passing
 * reason (a deadlock, a serialization failure, a service that was briefly down), so the first failure
 * is not the last word; a bug fails every time and is recorded after the last attempt.
 */
public final class LiveRetryPolicy {
    private static final Duration FIRST_BACKOFF = Duration.ofMillis(250);
    private static final Duration MAX_BACKOFF = Duration.ofSeconds(30);

    private final int attempts;

    public LiveRetryPolicy(int attempts) {
        if (attempts < 1) {
            throw new IllegalArgumentException("attempts must be at least 1, was " + attempts);
        }
        this.attempts = attempts;
    }

    public int attempts() {
        return attempts;
    }

    /** Whether an event that failed {@code failures} times in a row gets another attempt. */
    boolean retries(int failures) {
        return failures < attempts;
    }

    /** The wait after the {@code failures}-th consecutive failure: 250 ms, doubling, at most 30 s. */
    Duration backoff(int failures) {
        return doubling(FIRST_BACKOFF, failures, MAX_BACKOFF);
    }

    static Duration doubling(Duration first, int step, Duration max) {
        int shift = Math.min(Math.max(step - 1, 0), 20);
        Duration wait = first.multipliedBy(1L << shift);
        return wait.compareTo(max) > 0 ? max : wait;
    }
}

package dev.refold.internal.replay;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;

/** Logs a long replay every few seconds: events, events per second, and an ETA from the log positions. */
final class ReplayProgress {
    private static final Logger LOG = LoggerFactory.getLogger("dev.refold.progress");
    private static final long INTERVAL_NANOS = Duration.ofSeconds(5).toNanos();

    private final String label;
    private final long startPosition;
    private final long headPosition;
    private final long started = System.nanoTime();
    private long lastReport = started;

    ReplayProgress(String label, long startPosition, long headPosition) {
        this.label = label;
        this.startPosition = startPosition;
        this.headPosition = headPosition;
    }

    void update(long events, long position) {
        long now = System.nanoTime();
        if (now - lastReport < INTERVAL_NANOS) {
            return;
        }
        lastReport = now;
        double seconds = (now - started) / 1e9;
        double rate = events / seconds;
        double done = headPosition <= startPosition ? 1 : (double) (position - startPosition) / (headPosition - startPosition);
        String eta = done <= 0 ? "unknown" : String.format("%.0f s", seconds * (1 - done) / done);
        LOG.info("{}: {} events replayed, {} events/s, {}% of the log, ETA {}", label, events, Math.round(rate),
                Math.round(Math.min(done, 1) * 100), eta);
    }
}

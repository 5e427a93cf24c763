package dev.refold.internal.replay;

import dev.refold.internal.listener.Listeners;
import dev.refold.listener.BuildProgress;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;

/**
 * Logs a long replay every few seconds: events, events per second, and an ETA from the log positions. A
 * rebuild's progress also goes to the listeners, about once a second.
 */
final class ReplayProgress {
    private static final long LISTENER_INTERVAL_NANOS = Duration.ofSeconds(1).toNanos();

    /** Whose rebuild this is, for the listeners. */
    record Build(String projection, int version, Listeners listeners) {
    }

    private static final Logger LOG = LoggerFactory.getLogger("dev.refold.progress");
    private static final long INTERVAL_NANOS = Duration.ofSeconds(5).toNanos();

    private final String label;
    private final long startPosition;
    private final long headPosition;
    private final long started = System.nanoTime();
    private long lastReport = started;
    private final Build build;
    private long lastNotified = started;

    ReplayProgress(String label, long startPosition, long headPosition, Build build) {
        this.label = label;
        this.build = build;
        this.startPosition = startPosition;
        this.headPosition = headPosition;
    }

    void update(long events, long position) {
        long now = System.nanoTime();
        if (build != null && build.listeners().active() && now - lastNotified >= LISTENER_INTERVAL_NANOS) {
            lastNotified = now;
            build.listeners().buildProgress(new BuildProgress(build.projection(), build.version(), events, position,
                    startPosition, headPosition, events / ((now - started) / 1e9)));
        }
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

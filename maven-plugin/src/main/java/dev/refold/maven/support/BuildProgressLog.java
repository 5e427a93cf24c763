package dev.refold.maven.support;

import dev.refold.listener.BuildProgress;
import dev.refold.listener.RefoldListener;
import org.apache.maven.plugin.logging.Log;

import java.time.Duration;
import java.util.Locale;
import java.util.function.LongSupplier;

/**
 * A long build's progress in the build log, from the engine's listener: events, events/s, the share of the log and
 * an ETA, at most once per {@link #INTERVAL} per build, so a build of a few seconds prints nothing but its result.
 * The engine's own progress logger is silenced ({@link QuietLogging}), so each line appears once.
 */
public final class BuildProgressLog implements RefoldListener {
    public static final Duration INTERVAL = Duration.ofSeconds(10);

    private final Log log;
    private final LongSupplier nanoTime;
    private final long intervalNanos;
    private String lastBuild;
    private long lastLine;

    public BuildProgressLog(Log log) {
        this(log, System::nanoTime, INTERVAL);
    }

    BuildProgressLog(Log log, LongSupplier nanoTime, Duration interval) {
        this.log = log;
        this.nanoTime = nanoTime;
        this.intervalNanos = interval.toNanos();
    }

    @Override
    public synchronized void buildProgress(BuildProgress progress) {
        long now = nanoTime.getAsLong();
        String build = progress.projection() + " " + progress.version();
        if (!build.equals(lastBuild)) {
            lastBuild = build; // a build's first report starts its clock: the first line comes one interval in
            lastLine = now;
            return;
        }
        if (now - lastLine < intervalNanos) {
            return;
        }
        lastLine = now;
        log.info(describe(progress));
    }

    /** "Building orders version 2: 1,200,000 events, 34,000 events/s, 42% of the log, ETA 35 s". */
    static String describe(BuildProgress p) {
        double done = p.fractionDone();
        String eta;
        if (done <= 0 || p.eventsPerSecond() <= 0) {
            eta = "unknown";
        } else {
            double elapsed = p.eventsReplayed() / p.eventsPerSecond();
            eta = formatSeconds(Math.round(elapsed * (1 - done) / done));
        }
        return String.format(Locale.ROOT, "Building %s version %d: %,d events, %,.0f events/s, %d%% of the log, ETA %s",
                p.projection(), p.version(), p.eventsReplayed(), p.eventsPerSecond(), Math.round(done * 100), eta);
    }

    private static String formatSeconds(long seconds) {
        if (seconds < 60) {
            return seconds + " s";
        }
        return seconds / 60 + " min " + seconds % 60 + " s";
    }
}

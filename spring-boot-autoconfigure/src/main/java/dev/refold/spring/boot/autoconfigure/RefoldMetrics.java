package dev.refold.spring.boot.autoconfigure;

import dev.refold.listener.BatchApplied;
import dev.refold.listener.BuildFailed;
import dev.refold.listener.BuildProgress;
import dev.refold.listener.BuildStarted;
import dev.refold.listener.CaughtUp;
import dev.refold.listener.LiveFailure;
import dev.refold.listener.LockWaited;
import dev.refold.listener.RefoldListener;
import dev.refold.result.BuildResult;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;

import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Micrometer meters per projection, updated as the engine reports (see {@link RefoldListener}), so a scrape
 * costs no query:
 * <ul>
 * <li>{@code refold.events.applied} (counter; tag {@code phase} = live or rebuild)</li>
 * <li>{@code refold.lag.events} and {@code refold.lag.seconds} (gauges, live read model): log positions after
 * the last applied event, and how long ago that event was appended while events wait (0 when caught up)</li>
 * <li>{@code refold.batch.commit} (timer; tag {@code phase}): applying and committing one batch</li>
 * <li>{@code refold.failures} (counter; tag {@code kind} = build or live): every failed build, every failed
 * live attempt</li>
 * <li>{@code refold.build.progress} (gauge, 0 to 1): the share of the log the latest rebuild replayed</li>
 * <li>{@code refold.lock.wait} (timer): waits for another instance's migration lock</li>
 * </ul>
 */
public class RefoldMetrics implements RefoldListener {
    private final MeterRegistry registry;
    private final Map<String, Lag> lags = new ConcurrentHashMap<>();
    private final Map<String, AtomicReference<Double>> progress = new ConcurrentHashMap<>();

    public RefoldMetrics(MeterRegistry registry) {
        this.registry = registry;
    }

    /** The live read model's lag as of the last report; the seconds grow between reports while events wait. */
    private static final class Lag {
        volatile long events;
        volatile Instant oldestWaiting;

        double seconds() {
            Instant waiting = oldestWaiting;
            return events == 0 || waiting == null ? 0 : Math.max(0, Duration.between(waiting, Instant.now()).toMillis() / 1000.0);
        }
    }

    private Lag lag(String projection) {
        return lags.computeIfAbsent(projection, name -> {
            Lag lag = new Lag();
            Gauge.builder("refold.lag.events", lag, l -> l.events).tag("projection", name).strongReference(true)
                    .description("Log positions after the live read model's checkpoint").register(registry);
            Gauge.builder("refold.lag.seconds", lag, Lag::seconds).tag("projection", name).strongReference(true)
                    .baseUnit("seconds").description("How long ago the last applied event was appended, while events wait")
                    .register(registry);
            return lag;
        });
    }

    private AtomicReference<Double> progress(String projection) {
        return progress.computeIfAbsent(projection, name -> {
            AtomicReference<Double> value = new AtomicReference<>(0.0);
            Gauge.builder("refold.build.progress", value, AtomicReference::get).tag("projection", name).strongReference(true)
                    .description("Share of the log the latest rebuild has replayed").register(registry);
            return value;
        });
    }

    private static String phase(boolean rebuild) {
        return rebuild ? "rebuild" : "live";
    }

    @Override
    public void buildStarted(BuildStarted event) {
        progress(event.projection()).set(0.0);
    }

    @Override
    public void buildProgress(BuildProgress event) {
        progress(event.projection()).set(event.fractionDone());
    }

    @Override
    public void buildFinished(BuildResult result) {
        progress(result.projection()).set(1.0);
    }

    @Override
    public void buildFailed(BuildFailed event) {
        failures(event.projection(), "build").increment();
    }

    @Override
    public void batchApplied(BatchApplied event) {
        Counter.builder("refold.events.applied").tag("projection", event.projection()).tag("phase", phase(event.rebuild()))
                .description("Events applied to read models").register(registry).increment(event.events());
        Timer.builder("refold.batch.commit").tag("projection", event.projection()).tag("phase", phase(event.rebuild()))
                .description("Applying and committing one batch of events").register(registry).record(event.duration());
        if (!event.rebuild()) {
            Lag lag = lag(event.projection());
            lag.events = event.lagEvents();
            lag.oldestWaiting = event.lastRecordedAt();
        }
    }

    @Override
    public void caughtUp(CaughtUp event) {
        if (!event.rebuild()) {
            lag(event.projection()).events = 0;
        }
    }

    @Override
    public void liveFailed(LiveFailure event) {
        failures(event.projection(), "live").increment();
    }

    @Override
    public void lockWaited(LockWaited event) {
        Timer.builder("refold.lock.wait").tag("lock", event.lock()).description("Waits for another instance's lock")
                .register(registry).record(event.waited());
    }

    private Counter failures(String projection, String kind) {
        return Counter.builder("refold.failures").tag("projection", projection).tag("kind", kind)
                .description("Failed builds and failed live attempts").register(registry);
    }
}

package dev.refold.maven.support;

import dev.refold.listener.BuildProgress;
import org.apache.maven.plugin.logging.SystemStreamLog;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class BuildProgressLogTest {
    private final List<String> lines = new ArrayList<>();
    private long now;
    private final BuildProgressLog listener = new BuildProgressLog(new SystemStreamLog() {
        @Override
        public void info(CharSequence content) {
            lines.add(content.toString());
        }
    }, () -> now, Duration.ofSeconds(10));

    @Test
    void aLongBuildGetsALineEveryIntervalWithEventsRateShareAndEta() {
        // the engine reports about once a second: a line only every ten seconds, none in a build's first ten
        for (int second = 1; second <= 21; second++) {
            now = Duration.ofSeconds(second).toNanos();
            listener.buildProgress(new BuildProgress("orders", 2, second * 10_000L, second * 10_000L, 0, 400_000, 10_000));
        }
        assertThat(lines).containsExactly(
                "Building orders version 2: 110,000 events, 10,000 events/s, 28% of the log, ETA 29 s",
                "Building orders version 2: 210,000 events, 10,000 events/s, 53% of the log, ETA 19 s");
    }

    @Test
    void aBuildOfAFewSecondsPrintsNothingAndANewBuildStartsItsOwnClock() {
        now = 0;
        listener.buildProgress(new BuildProgress("orders", 1, 100, 100, 0, 900, 100));
        now = Duration.ofSeconds(11).toNanos();
        listener.buildProgress(new BuildProgress("customers", 1, 100, 100, 0, 900, 100));
        assertThat(lines).isEmpty();
        now = Duration.ofSeconds(22).toNanos();
        listener.buildProgress(new BuildProgress("customers", 1, 4_000, 6_000, 0, 9_000, 200));
        assertThat(lines).containsExactly("Building customers version 1: 4,000 events, 200 events/s, 67% of the log, ETA 10 s");
    }
}

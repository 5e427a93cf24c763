package dev.refold.maven.support;

import dev.refold.result.BuildResult;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class BuildDescriptionsTest {
    @Test
    void aShortBuildGetsNoRate() {
        assertThat(BuildDescriptions.of(new BuildResult("orders", null, 1, 9, 9, 9, 1500 / 3, 0)))
                .isEqualTo("Built projection orders version 1: 9 events in 500 ms, position 9");
    }

    @Test
    void aLongerBuildGetsItsRateAndWhatWasHeld() {
        assertThat(BuildDescriptions.of(new BuildResult("orders", 1, 2, 120_000, 120_000, 120_000, 4_000, 2_400)))
                .isEqualTo("Built projection orders version 2 (was 1): 120000 events in 4000 ms (30000 events/s),"
                        + " position 120000, 2400 writes held in memory");
    }
}

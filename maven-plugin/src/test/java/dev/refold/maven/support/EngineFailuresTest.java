package dev.refold.maven.support;

import dev.refold.ProjectionBuildException;
import dev.refold.RefoldConfigurationException;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class EngineFailuresTest {
    @Test
    void keepsAMessageThatNamesEverythingAsItIs() {
        var e = new ProjectionBuildException("orders", 2, 17L, "OrderCancelled",
                "Projection orders v2 failed at position 17 (OrderCancelled): boom", null);
        assertThat(EngineFailures.describe(e)).isEqualTo("Projection orders v2 failed at position 17 (OrderCancelled): boom");
    }

    @Test
    void addsWhatTheMessageDoesNotName() {
        var e = new ProjectionBuildException("orders", 2, 17L, "OrderCancelled", "handler threw: boom", null);
        assertThat(EngineFailures.describe(e))
                .isEqualTo("handler threw: boom [projection orders (version 2), event position 17, event type OrderCancelled]");
    }

    @Test
    void failuresCarryTheMaskedMessageAndNoCause() {
        var e = new RefoldConfigurationException("Cannot connect to jdbc:postgresql://db/app?password=hunter2");
        var failure = EngineFailures.toMojoFailure(e, new SecretMasker("hunter2"));
        assertThat(failure.getMessage()).isEqualTo("Cannot connect to jdbc:postgresql://db/app?password=***");
        assertThat(failure.getCause()).isNull();
    }
}

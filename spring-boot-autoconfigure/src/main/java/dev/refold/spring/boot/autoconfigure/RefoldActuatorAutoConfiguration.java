package dev.refold.spring.boot.autoconfigure;

import dev.refold.Refold;
import io.micrometer.core.instrument.MeterRegistry;
import org.springframework.boot.actuate.autoconfigure.endpoint.condition.ConditionalOnAvailableEndpoint;
import org.springframework.boot.actuate.autoconfigure.health.ConditionalOnEnabledHealthIndicator;
import org.springframework.boot.actuate.health.HealthIndicator;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** Refold's health indicator ({@code refold}), its actuator endpoint ({@code refold}) and its Micrometer meters. */
@AutoConfiguration(after = RefoldAutoConfiguration.class, afterName = {
        "org.springframework.boot.actuate.autoconfigure.metrics.CompositeMeterRegistryAutoConfiguration",
        "org.springframework.boot.actuate.autoconfigure.metrics.export.simple.SimpleMetricsExportAutoConfiguration"})
@ConditionalOnClass({Refold.class, HealthIndicator.class})
@ConditionalOnBean(Refold.class)
public class RefoldActuatorAutoConfiguration {

    @Bean
    @ConditionalOnMissingBean(name = "refoldHealthIndicator")
    @ConditionalOnEnabledHealthIndicator("refold")
    public RefoldHealthIndicator refoldHealthIndicator(Refold refold, RefoldActivity activity) {
        return new RefoldHealthIndicator(refold, activity);
    }

    @Bean
    @ConditionalOnMissingBean
    @ConditionalOnAvailableEndpoint
    public RefoldEndpoint refoldEndpoint(Refold refold) {
        return new RefoldEndpoint(refold);
    }

    @Configuration(proxyBeanMethods = false)
    @ConditionalOnClass(MeterRegistry.class)
    @ConditionalOnBean(MeterRegistry.class)
    static class Metrics {

        @Bean
        @ConditionalOnMissingBean
        RefoldMetrics refoldMetrics(MeterRegistry registry) {
            return new RefoldMetrics(registry);
        }
    }
}

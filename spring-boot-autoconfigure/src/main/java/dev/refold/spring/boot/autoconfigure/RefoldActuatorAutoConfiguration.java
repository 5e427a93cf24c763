package dev.refold.spring.boot.autoconfigure;

import dev.refold.Refold;
import io.micrometer.core.instrument.MeterRegistry;
import org.springframework.boot.actuate.autoconfigure.endpoint.condition.ConditionalOnAvailableEndpoint;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingClass;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * Refold's health indicator ({@code refold}), its actuator endpoint ({@code refold}) and its Micrometer meters, on
 * Spring Boot 3.5 and 4.0 alike. Where Boot 4 moved a type (health to {@code org.springframework.boot.health},
 * metrics auto-configuration to {@code org.springframework.boot.micrometer.metrics}), the conditions and orderings
 * name both classes by name, and each Boot generation gets the nested configuration written against its own types;
 * Spring reads a nested configuration's conditions from its bytecode before loading it, so the other generation's
 * classes are never linked.
 */
@AutoConfiguration(after = RefoldAutoConfiguration.class, afterName = {
        "org.springframework.boot.actuate.autoconfigure.metrics.CompositeMeterRegistryAutoConfiguration",
        "org.springframework.boot.actuate.autoconfigure.metrics.export.simple.SimpleMetricsExportAutoConfiguration",
        "org.springframework.boot.micrometer.metrics.autoconfigure.CompositeMeterRegistryAutoConfiguration",
        "org.springframework.boot.micrometer.metrics.autoconfigure.export.simple.SimpleMetricsExportAutoConfiguration"})
@ConditionalOnClass(value = Refold.class, name = "org.springframework.boot.actuate.endpoint.annotation.Endpoint")
@ConditionalOnBean(Refold.class)
public class RefoldActuatorAutoConfiguration {
    static final String BOOT4_HEALTH_INDICATOR = "org.springframework.boot.health.contributor.HealthIndicator";
    static final String BOOT3_HEALTH_INDICATOR = "org.springframework.boot.actuate.health.HealthIndicator";

    @Bean
    @ConditionalOnMissingBean
    @ConditionalOnAvailableEndpoint
    public RefoldEndpoint refoldEndpoint(Refold refold) {
        return new RefoldEndpoint(refold);
    }

    /** Spring Boot 4: {@code spring-boot-health}. */
    @Configuration(proxyBeanMethods = false)
    @ConditionalOnClass(name = BOOT4_HEALTH_INDICATOR)
    static class Boot4Health {

        @Bean
        @ConditionalOnMissingBean(name = "refoldHealthIndicator")
        @org.springframework.boot.health.autoconfigure.contributor.ConditionalOnEnabledHealthIndicator("refold")
        RefoldBoot4HealthIndicator refoldHealthIndicator(Refold refold, RefoldActivity activity) {
            return new RefoldBoot4HealthIndicator(refold, activity);
        }
    }

    /** Spring Boot 3: health in {@code spring-boot-actuator}. */
    @Configuration(proxyBeanMethods = false)
    @ConditionalOnClass(name = BOOT3_HEALTH_INDICATOR)
    @ConditionalOnMissingClass(BOOT4_HEALTH_INDICATOR)
    static class Boot3Health {

        @Bean
        @ConditionalOnMissingBean(name = "refoldHealthIndicator")
        @org.springframework.boot.actuate.autoconfigure.health.ConditionalOnEnabledHealthIndicator("refold")
        RefoldHealthIndicator refoldHealthIndicator(Refold refold, RefoldActivity activity) {
            return new RefoldHealthIndicator(refold, activity);
        }
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

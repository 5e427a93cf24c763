package dev.refold.spring.boot.autoconfigure.shop;

import dev.refold.event.EventLog;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.jooq.DSLContext;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.jdbc.core.JdbcTemplate;

/** A stock Spring Boot application with Refold's starter: auto-configuration does the rest. */
@SpringBootConfiguration
@EnableAutoConfiguration
public class ShopApplication {

    @Bean
    PlacedOrdersProjection placedOrders() {
        return new PlacedOrdersProjection();
    }

    @Bean
    OrderService orderService(JdbcTemplate jdbc, EventLog events, DSLContext dsl) {
        return new OrderService(jdbc, events, dsl);
    }

    @Bean
    SimpleMeterRegistry meterRegistry() {
        return new SimpleMeterRegistry();
    }
}

package dev.refold.spring.boot4;

import dev.refold.event.EventLog;
import dev.refold.event.ExpectedVersion;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.context.annotation.Bean;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.transaction.annotation.Transactional;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

import java.util.List;
import java.util.Map;

/**
 * A stock Spring Boot 4 application with refold-spring-boot-starter: a projection bean, a service that writes its
 * own table and appends an event in one {@code @Transactional} method, and a controller serving the read model.
 */
@SpringBootApplication
public class Boot4ShopApplication {

    @Bean
    PlacedOrdersProjection placedOrders() {
        return new PlacedOrdersProjection();
    }

    @Bean
    OrderService orderService(JdbcTemplate jdbc, EventLog events) {
        return new OrderService(jdbc, events);
    }

    public static class OrderService {
        private final JdbcTemplate jdbc;
        private final EventLog events;

        OrderService(JdbcTemplate jdbc, EventLog events) {
            this.jdbc = jdbc;
            this.events = events;
        }

        /** Throws after both writes when {@code total} is negative: the rule is checked last on purpose. */
        @Transactional
        public void place(String orderId, int total) {
            jdbc.update("insert into shop_order (id, total) values (?, ?)", orderId, total);
            events.append(orderId, ExpectedVersion.noStream(), new OrderPlaced(orderId, total));
            if (total < 0) {
                throw new IllegalArgumentException("an order's total cannot be negative");
            }
        }
    }

    @RestController
    static class PlacedOrdersController {
        private final JdbcTemplate jdbc;

        PlacedOrdersController(JdbcTemplate jdbc) {
            this.jdbc = jdbc;
        }

        @GetMapping("/orders")
        List<Map<String, Object>> orders() {
            return jdbc.queryForList("select id, total from placed_orders.placed_order order by id");
        }
    }
}

package dev.refold.spring.boot.autoconfigure.shop;

import dev.refold.event.EventLog;
import dev.refold.event.ExpectedVersion;
import org.jooq.DSLContext;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.transaction.annotation.Transactional;

/** A business change and its event, in one {@code @Transactional} method, as a service would write it. */
public class OrderService {
    private final JdbcTemplate jdbc;
    private final EventLog events;
    private final DSLContext dsl;

    public OrderService(JdbcTemplate jdbc, EventLog events, DSLContext dsl) {
        this.jdbc = jdbc;
        this.events = events;
        this.dsl = dsl;
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

    /** The same with jOOQ: Boot's DSLContext takes part in Spring's transaction, and so does the log bound to it. */
    @Transactional
    public void placeWithJooq(String orderId, int total, dev.refold.Refold refold) {
        dsl.execute("insert into shop_order (id, total) values (?, ?)", orderId, total);
        refold.events().on(dsl).append(orderId, ExpectedVersion.noStream(), new OrderPlaced(orderId, total));
        if (total < 0) {
            throw new IllegalArgumentException("an order's total cannot be negative");
        }
    }
}

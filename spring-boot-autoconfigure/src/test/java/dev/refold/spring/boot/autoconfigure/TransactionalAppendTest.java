package dev.refold.spring.boot.autoconfigure;

import dev.refold.Refold;
import dev.refold.spring.boot.autoconfigure.shop.OrderService;
import dev.refold.test.RefoldTest;
import dev.refold.test.TestDatabase;
import io.micrometer.core.instrument.MeterRegistry;
import org.junit.jupiter.api.Test;
import org.springframework.context.ConfigurableApplicationContext;

import java.util.concurrent.TimeUnit;

import static dev.refold.spring.boot.autoconfigure.ShopApps.count;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

/** A business change and its event commit or roll back together in a {@code @Transactional} method. */
@RefoldTest
class TransactionalAppendTest {

    @Test
    void aFailingTransactionalMethodLeavesNeitherRowNorEventAndAPassingOneCommitsBothAndCatchUpSeesIt(TestDatabase db) throws Exception {
        ShopApps.createShopTable(db);
        try (ConfigurableApplicationContext app = ShopApps.start(db)) {
            OrderService orders = app.getBean(OrderService.class);

            assertThatThrownBy(() -> orders.place("o-1", -5)).hasMessage("an order's total cannot be negative");
            assertThat(count(db, "select count(*) from shop_order")).isZero();
            assertThat(count(db, "select count(*) from refold.events")).isZero();

            orders.place("o-2", 40);
            assertThat(count(db, "select count(*) from shop_order where id = 'o-2'")).isEqualTo(1);
            assertThat(count(db, "select count(*) from refold.events where stream_id = 'o-2'")).isEqualTo(1);

            await().atMost(10, TimeUnit.SECONDS).until(() ->
                    count(db, "select count(*) from placed_orders.placed_order where id = 'o-2' and total = 40") == 1);

            MeterRegistry meters = app.getBean(MeterRegistry.class);
            await().atMost(5, TimeUnit.SECONDS).untilAsserted(() -> {
                assertThat(meters.get("refold.events.applied").tag("projection", "placed_orders").tag("phase", "live")
                        .counter().count()).isEqualTo(1);
                assertThat(meters.get("refold.batch.commit").tag("projection", "placed_orders").tag("phase", "live")
                        .timer().count()).isGreaterThanOrEqualTo(1);
                assertThat(meters.get("refold.lag.events").tag("projection", "placed_orders").gauge().value()).isZero();
            });
        }
    }

    @Test
    void boothsJooqContextTakesTheEventsIntoTheSameTransaction(TestDatabase db) throws Exception {
        ShopApps.createShopTable(db);
        try (ConfigurableApplicationContext app = ShopApps.start(db)) {
            OrderService orders = app.getBean(OrderService.class);
            Refold refold = app.getBean(Refold.class);

            assertThatThrownBy(() -> orders.placeWithJooq("o-1", -5, refold)).isInstanceOf(IllegalArgumentException.class);
            assertThat(count(db, "select count(*) from shop_order")).isZero();
            assertThat(count(db, "select count(*) from refold.events")).isZero();

            orders.placeWithJooq("o-2", 7, refold);
            assertThat(count(db, "select count(*) from shop_order")).isEqualTo(1);
            assertThat(count(db, "select count(*) from refold.events")).isEqualTo(1);
        }
    }
}

package dev.refold.spring.boot.autoconfigure;

import dev.refold.Refold;
import dev.refold.event.EventLog;
import dev.refold.event.EventType;
import dev.refold.event.ExpectedVersion;
import dev.refold.event.RecordedEvent;
import dev.refold.event.Upcaster;
import dev.refold.listener.BatchApplied;
import dev.refold.listener.RefoldListener;
import dev.refold.projection.Projection;
import dev.refold.projection.ProjectionSpec;
import dev.refold.spring.boot.autoconfigure.shop.OrderPlaced;
import dev.refold.test.RefoldTest;
import dev.refold.test.TestDatabase;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Bean;

import java.sql.Connection;
import java.sql.Statement;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import static org.assertj.core.api.Assertions.assertThat;

/** Beans the starter picks up: an {@link Upcaster}; and the build-progress metric it keeps, during a build. */
@RefoldTest
class UpcasterAndProgressBeansTest {

    /** Version 2 of a quote: the amount in cents, where version 1 stored whole euros. */
    @EventType(name = "PriceQuoted", version = 2)
    record PriceQuoted(String item, long cents) {
    }

    @SpringBootConfiguration
    @EnableAutoConfiguration
    static class QuoteApplication {
        @Bean
        Upcaster eurosToCents() {
            return Upcaster.of("PriceQuoted", 1, payload -> {
                payload.put("cents", payload.remove("euros").asLong() * 100);
                return payload;
            });
        }

        @Bean
        RefoldEventTypes quoteEvents() {
            return RefoldEventTypes.of(PriceQuoted.class);
        }
    }

    @Test
    void anUpcasterBeanReadsAnOldVersionOfAnEvent(TestDatabase db) throws Exception {
        try (ConfigurableApplicationContext app = ShopApps.start(db, new Class<?>[]{QuoteApplication.class}, WebApplicationType.NONE)) {
            // a quote stored by the release before, at version 1
            try (Connection c = db.connect(); Statement s = c.createStatement()) {
                s.execute("insert into refold.event_types (event_type, type_version) values ('PriceQuoted', 1) on conflict do nothing");
                s.execute("insert into refold.events (stream_id, stream_version, event_id, event_type, type_version, payload)"
                        + " values ('quote-1', 1, gen_random_uuid(), 'PriceQuoted', 1, '{\"item\": \"tea\", \"euros\": 3}')");
            }
            List<RecordedEvent<Object>> stream = app.getBean(EventLog.class).readStream("quote-1");
            assertThat(stream).extracting(RecordedEvent::event).containsExactly(new PriceQuoted("tea", 300));
            assertThat(stream.get(0).typeVersion()).as("the stored version").isEqualTo(1);
        }
    }

    /** Takes its time per event, so that a build of twenty events lasts long enough for the engine's progress report. */
    static final class SlowOrdersProjection implements Projection {
        public String name() {
            return "placed_orders";
        }

        public int version() {
            return 1;
        }

        public void define(ProjectionSpec spec) {
            spec.on(OrderPlaced.class, (e, ctx) -> {
                try {
                    Thread.sleep(100);
                } catch (InterruptedException interrupted) {
                    Thread.currentThread().interrupt();
                }
                ctx.dsl().execute("insert into placed_order (id, total) values (?, ?)", e.orderId(), e.total());
            });
        }
    }

    /** Reads the gauge each time a batch of the build commits. */
    @SpringBootConfiguration
    @EnableAutoConfiguration
    static class SlowApplication {
        static final List<Double> SEEN = new CopyOnWriteArrayList<>();

        @Bean
        SlowOrdersProjection slowOrders() {
            return new SlowOrdersProjection();
        }

        @Bean
        SimpleMeterRegistry meterRegistry() {
            return new SimpleMeterRegistry();
        }

        @Bean
        RefoldListener progressProbe(ObjectProvider<MeterRegistry> registry) {
            return new RefoldListener() {
                public void batchApplied(BatchApplied event) {
                    if (event.rebuild()) {
                        var gauge = registry.getObject().find("refold.build.progress").tag("projection", "placed_orders").gauge();
                        SEEN.add(gauge == null ? 0.0 : gauge.value());
                    }
                }
            };
        }
    }

    @Test
    void theBuildProgressMetricMovesDuringABuild(TestDatabase db) throws Exception {
        try (Refold seed = db.configure().load()) {
            for (int i = 0; i < 20; i++) {
                seed.events().append("o-" + i, ExpectedVersion.noStream(), new OrderPlaced("o-" + i, i));
            }
        }
        SlowApplication.SEEN.clear();
        try (ConfigurableApplicationContext app = ShopApps.start(db, new Class<?>[]{SlowApplication.class},
                WebApplicationType.NONE, "refold.discoverProjections=false")) {
            // read while the build ran: the share replayed so far, neither the start's 0 nor the end's 1
            assertThat(SlowApplication.SEEN).isNotEmpty().anySatisfy(share -> assertThat(share).isStrictlyBetween(0.0, 1.0));
            assertThat(SlowApplication.SEEN).isSortedAccordingTo(Double::compare);
            assertThat(app.getBean(MeterRegistry.class).get("refold.build.progress").tag("projection", "placed_orders")
                    .gauge().value()).isEqualTo(1.0);
        }
    }
}

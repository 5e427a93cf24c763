package dev.refold.spring.boot.autoconfigure;

import dev.refold.event.EventLog;
import dev.refold.event.EventType;
import dev.refold.event.RecordedEvent;
import dev.refold.event.Upcaster;
import dev.refold.test.RefoldTest;
import dev.refold.test.TestDatabase;
import org.junit.jupiter.api.Test;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Bean;

import java.sql.Connection;
import java.sql.Statement;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** An {@link Upcaster} declared as a bean is the one the log reads old events through. */
@RefoldTest
class UpcasterBeanTest {

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
}

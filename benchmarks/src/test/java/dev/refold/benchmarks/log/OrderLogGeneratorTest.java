package dev.refold.benchmarks.log;

import com.fasterxml.jackson.databind.ObjectWriter;
import dev.refold.benchmarks.events.ItemAdded;
import dev.refold.benchmarks.events.OrderEvents;
import dev.refold.benchmarks.events.OrderPlaced;
import dev.refold.benchmarks.events.OrderShipped;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.HashMap;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.Map;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

class OrderLogGeneratorTest {
    private final ObjectWriter json = OrderEvents.objectMapper().writer();

    @Test
    void sameOrdersAndSeedGiveTheSameLogEventForEvent() throws Exception {
        assertThat(fingerprint(2_000, 42)).isEqualTo(fingerprint(2_000, 42));
    }

    @Test
    void anotherSeedGivesAnotherLog() throws Exception {
        assertThat(fingerprint(2_000, 42)).isNotEqualTo(fingerprint(2_000, 43));
    }

    @Test
    void everyOrderIsPlacedThenGetsEightItemsThenShipsInStreamOrder() {
        int orders = 1_000;
        Map<String, Long> lastVersion = new HashMap<>();
        Set<java.util.UUID> ids = new HashSet<>();
        long count = 0;
        OrderLogGenerator generator = new OrderLogGenerator(orders, 1);
        while (generator.hasNext()) {
            GeneratedEvent e = generator.next();
            count++;
            long expected = lastVersion.getOrDefault(e.streamId(), 0L) + 1;
            assertThat(e.streamVersion()).as("version of %s", e.streamId()).isEqualTo(expected);
            lastVersion.put(e.streamId(), expected);
            Class<?> type = expected == 1 ? OrderPlaced.class
                    : expected == OrderLogGenerator.EVENTS_PER_ORDER ? OrderShipped.class : ItemAdded.class;
            assertThat(e.event()).isInstanceOf(type);
            assertThat(ids.add(e.eventId())).as("event ids are unique").isTrue();
        }
        assertThat(count).isEqualTo(OrderLogGenerator.eventCount(orders));
        assertThat(lastVersion).hasSize(orders).allSatisfy((id, v) -> assertThat(v).isEqualTo(OrderLogGenerator.EVENTS_PER_ORDER));
    }

    @Test
    void ordersAreInterleavedNotOneAfterAnother() {
        OrderLogGenerator generator = new OrderLogGenerator(10_000, 1);
        Set<String> streams = new HashSet<>();
        for (int i = 0; i < 200; i++) {
            streams.add(generator.next().streamId());
        }
        // a sequential log would touch 20 orders in its first 200 events
        assertThat(streams).hasSizeGreaterThan(OrderLogGenerator.OPEN_ORDERS / 2);
    }

    private String fingerprint(int orders, long seed) throws Exception {
        MessageDigest sha = MessageDigest.getInstance("SHA-256");
        OrderLogGenerator generator = new OrderLogGenerator(orders, seed);
        while (generator.hasNext()) {
            GeneratedEvent e = generator.next();
            String line = e.streamId() + '|' + e.streamVersion() + '|' + e.eventId() + '|' + e.eventType() + '|'
                    + e.typeVersion() + '|' + json.writeValueAsString(e.event()) + '\n';
            sha.update(line.getBytes(StandardCharsets.UTF_8));
        }
        return HexFormat.of().formatHex(sha.digest());
    }
}

package dev.refold.benchmarks.extra;

import com.fasterxml.jackson.databind.ObjectWriter;
import dev.refold.Refold;
import dev.refold.benchmarks.events.OrderEvents;
import dev.refold.benchmarks.log.GeneratedEvent;
import dev.refold.benchmarks.log.OrderLogGenerator;
import dev.refold.event.ExpectedVersion;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/**
 * Appends in batches of {@value #BATCH} events through {@code refold.events().append(...)}, against the
 * baseline of one raw multi-row INSERT per batch of the same rows. Both run on a scratch database of the same
 * server, one transaction per batch, so the benchmark's log is left as it was.
 */
public final class AppendBenchmark {
    public static final int BATCH = 100;
    private static final int WARM_UP_BATCHES = 20;

    public record Result(long events, double rawEventsPerSecond, double refoldEventsPerSecond) {
        public double ratio() {
            return refoldEventsPerSecond / rawEventsPerSecond;
        }
    }

    private final Refold server;
    private final int batches;

    public AppendBenchmark(Refold server, int batches) {
        this.server = server;
        this.batches = batches;
    }

    public Result run() throws Exception {
        try (ScratchDatabase scratch = ScratchDatabase.create(server, "bench_appends");
             Refold refold = Refold.configure()
                     .dataSource(scratch.url(), "postgres", null)
                     .discoverProjections(false)
                     .eventTypes(OrderEvents.TYPES.toArray(Class<?>[]::new))
                     .load()) {
            List<List<GeneratedEvent>> work = batches(WARM_UP_BATCHES + batches);
            try (RawInsert raw = new RawInsert(refold)) {
                return measure(refold, raw, work);
            }
        }
    }

    private Result measure(Refold refold, RawInsert raw, List<List<GeneratedEvent>> work) throws Exception {
            // warm both paths up (JIT, prepared statements, the scratch tables' first pages) before timing
        for (int i = 0; i < WARM_UP_BATCHES; i++) {
            raw.insert("warm-raw-" + i, work.get(i));
            append(refold, "warm-refold-" + i, work.get(i));
        }
        long rawStart = System.nanoTime();
        for (int i = WARM_UP_BATCHES; i < work.size(); i++) {
            raw.insert("raw-" + i, work.get(i));
        }
        long rawNanos = System.nanoTime() - rawStart;
        long refoldStart = System.nanoTime();
        for (int i = WARM_UP_BATCHES; i < work.size(); i++) {
            append(refold, "refold-" + i, work.get(i));
        }
        long refoldNanos = System.nanoTime() - refoldStart;
        long events = (long) batches * BATCH;
        return new Result(events, events * 1e9 / rawNanos, events * 1e9 / refoldNanos);
    }

    private static void append(Refold refold, String streamId, List<GeneratedEvent> batch) {
        List<Object> events = new ArrayList<>(batch.size());
        for (GeneratedEvent e : batch) {
            events.add(e.event());
        }
        refold.events().append(streamId, ExpectedVersion.any(), events);
    }

    private static List<List<GeneratedEvent>> batches(int count) {
        OrderLogGenerator generator = new OrderLogGenerator(count * BATCH / OrderLogGenerator.EVENTS_PER_ORDER + 1, 7);
        List<List<GeneratedEvent>> all = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            List<GeneratedEvent> batch = new ArrayList<>(BATCH);
            for (int j = 0; j < BATCH; j++) {
                batch.add(generator.next());
            }
            all.add(batch);
        }
        return all;
    }

    /**
     * The baseline: what an append costs with no checks at all, one multi-row INSERT committed per batch, on
     * one connection kept open (as an application's pool would keep it).
     */
    private static final class RawInsert implements AutoCloseable {
        private final ObjectWriter json = OrderEvents.objectMapper().writer();
        private final Connection connection;
        private final PreparedStatement insert;

        RawInsert(Refold refold) throws Exception {
            StringBuilder sql = new StringBuilder("insert into refold.events"
                    + " (stream_id, stream_version, event_id, event_type, type_version, payload) values ");
            for (int i = 0; i < BATCH; i++) {
                sql.append(i == 0 ? "" : ", ").append("(?, ?, ?, ?, ?, ?::jsonb)");
            }
            this.connection = refold.dataSource().getConnection();
            this.insert = connection.prepareStatement(sql.toString());
        }

        void insert(String streamId, List<GeneratedEvent> batch) throws Exception {
            int p = 1;
            for (int i = 0; i < batch.size(); i++) {
                GeneratedEvent e = batch.get(i);
                insert.setString(p++, streamId);
                insert.setLong(p++, i + 1);
                insert.setObject(p++, UUID.randomUUID());
                insert.setString(p++, e.eventType());
                insert.setInt(p++, e.typeVersion());
                insert.setString(p++, json.writeValueAsString(e.event()));
            }
            insert.executeUpdate();
        }

        @Override
        public void close() throws Exception {
            insert.close();
            connection.close();
        }
    }
}

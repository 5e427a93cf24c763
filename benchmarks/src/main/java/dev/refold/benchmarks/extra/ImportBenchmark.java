package dev.refold.benchmarks.extra;

import dev.refold.Refold;
import org.postgresql.PGConnection;
import org.postgresql.copy.CopyIn;

import java.io.BufferedWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import java.util.UUID;

/**
 * {@code importEvents} of an NDJSON export against the baseline of a raw COPY of the same events into
 * {@code refold.events}: {@value #STREAMS_PER_TEN_EVENTS} stream per ten events, the streams' events in random
 * order (as an export of a busy log is). The baseline's rows are prepared in memory beforehand, versions, ids and
 * all, so that it measures nothing but the server's load: the import has to read, validate and version the same
 * events on top. Each side loads into a scratch database of its own, so the benchmark's log stays as it was.
 */
public final class ImportBenchmark {
    static final int STREAMS_PER_TEN_EVENTS = 1;

    public record Result(long events, int streams, double rawEventsPerSecond, double importEventsPerSecond) {
        public double ratio() {
            return importEventsPerSecond / rawEventsPerSecond;
        }
    }

    private final Refold server;
    private final int events;

    public ImportBenchmark(Refold server, int events) {
        this.server = server;
        this.events = events;
    }

    public Result run() throws Exception {
        int streams = Math.max(1, events / 10 * STREAMS_PER_TEN_EVENTS);
        List<Row> rows = rows(streams);
        Path file = Files.createTempFile("refold-import-bench", ".ndjson");
        try {
            write(file, rows);
            byte[] copy = copyText(rows);
            double raw = rawCopy(copy);
            double imported = importFile(file);
            return new Result(rows.size(), streams, raw, imported);
        } finally {
            Files.deleteIfExists(file);
        }
    }

    private List<Row> rows(int streams) {
        List<Integer> order = new ArrayList<>(events);
        for (int i = 0; i < events; i++) {
            order.add(i % streams);
        }
        Random random = new Random(11);
        Collections.shuffle(order, random);
        int[] versions = new int[streams];
        List<Row> rows = new ArrayList<>(events);
        for (int stream : order) {
            int version = ++versions[stream];
            String type = version == 1 ? "OrderPlaced" : "ItemAdded";
            String payload = version == 1
                    ? "{\"orderId\":\"order-" + stream + "\",\"customerId\":\"customer-" + (stream % 997) + "\"}"
                    : "{\"orderId\":\"order-" + stream + "\",\"sku\":\"sku-" + random.nextInt(5000) + "\",\"cents\":" + random.nextInt(10_000) + "}";
            rows.add(new Row("order-" + stream, version, new UUID(random.nextLong(), random.nextLong()), type, payload));
        }
        return rows;
    }

    private static void write(Path file, List<Row> rows) throws Exception {
        try (BufferedWriter out = Files.newBufferedWriter(file, StandardCharsets.UTF_8)) {
            for (Row row : rows) {
                out.write("{\"streamId\":\"" + row.streamId() + "\",\"type\":\"" + row.type() + "\",\"typeVersion\":1,\"eventId\":\""
                        + row.eventId() + "\",\"payload\":" + row.payload() + "}\n");
            }
        }
    }

    private static byte[] copyText(List<Row> rows) {
        StringBuilder text = new StringBuilder(rows.size() * 160);
        for (Row row : rows) {
            text.append(row.streamId()).append('\t').append(row.version()).append('\t').append(row.eventId()).append('\t')
                    .append(row.type()).append("\t1\t").append(row.payload()).append("\t{}\n");
        }
        return text.toString().getBytes(StandardCharsets.UTF_8);
    }

    private double rawCopy(byte[] copy) throws Exception {
        try (ScratchDatabase scratch = ScratchDatabase.create(server, "bench_import_raw");
             Refold refold = scratch(scratch);
             Connection connection = refold.dataSource().getConnection()) {
            connection.setAutoCommit(false);
            long start = System.nanoTime();
            CopyIn in = connection.unwrap(PGConnection.class).getCopyAPI().copyIn("copy refold.events"
                    + " (stream_id, stream_version, event_id, event_type, type_version, payload, metadata) from stdin");
            for (int offset = 0; offset < copy.length; offset += 1 << 20) {
                in.writeToCopy(copy, offset, Math.min(1 << 20, copy.length - offset));
            }
            in.endCopy();
            connection.commit();
            return events * 1e9 / (System.nanoTime() - start);
        }
    }

    private double importFile(Path file) throws Exception {
        try (ScratchDatabase scratch = ScratchDatabase.create(server, "bench_import");
             Refold refold = scratch(scratch)) {
            long start = System.nanoTime();
            long read = refold.importEvents(file).eventsAppended();
            long nanos = System.nanoTime() - start;
            if (read != events || refold.events().headPosition() != events) {
                throw new IllegalStateException("appended " + read + " events, head at " + refold.events().headPosition());
            }
            return events * 1e9 / nanos;
        }
    }

    private static Refold scratch(ScratchDatabase scratch) {
        Refold refold = Refold.configure().dataSource(scratch.url(), "postgres", null).discoverProjections(false).load();
        refold.events(); // Refold's tables, made on first write, before the raw COPY writes into them
        return refold;
    }

    private record Row(String streamId, int version, UUID eventId, String type, String payload) {
    }
}

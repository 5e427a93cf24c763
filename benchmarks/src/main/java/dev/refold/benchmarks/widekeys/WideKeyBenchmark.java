package dev.refold.benchmarks.widekeys;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectReader;
import dev.refold.Refold;
import dev.refold.benchmarks.extra.ScratchDatabase;
import org.postgresql.PGConnection;
import org.postgresql.copy.PGCopyOutputStream;

import java.io.BufferedWriter;
import java.io.OutputStreamWriter;
import java.io.PrintStream;
import java.io.Writer;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.UUID;

/**
 * The wide-key workload of issue 16: {@code Purchase(customerId, cents)} events over customers drawn uniformly, so
 * that every key comes back all along the log; the read model is one row per customer (count, sum). Measured in
 * one run, on a scratch database of the benchmark's server: its own physical limit (stream, decode, fold in a
 * HashMap, COPY), a fold-style rebuild with every key in memory, one with a row budget of a tenth of the keys, and
 * one with the default budget. Every table's digest must equal the physical limit's.
 *
 * <p>Sizes and lines are properties of the benchmark JVM (pass them in {@code -Dbench.jvmArgs}):
 * {@code -DwideEvents=1000000 -DwideKeys=500000 -DwideBudget=(keys/10) -DwideApproaches=physical,memory,budget,default -DwideRepeat=1 -DwideWarmUp=true}.
 */
public final class WideKeyBenchmark {
    private static final long SEED = 20261216L;

    /** One measured line. */
    public record Line(String label, long events, double seconds, String digest) {
        double rate() {
            return events / seconds;
        }
    }

    private WideKeyBenchmark() {
    }

    public static List<Line> run(Refold server, PrintStream out) throws Exception {
        long events = Long.getLong("wideEvents", 1_000_000);
        int keys = Integer.getInteger("wideKeys", 500_000);
        int budget = Integer.getInteger("wideBudget", Math.max(1, keys / 10));
        List<String> approaches = Arrays.asList(System.getProperty("wideApproaches", "physical,memory,budget,default").split(","));
        List<Line> lines = new ArrayList<>();
        try (ScratchDatabase scratch = ScratchDatabase.create(server, "bench_widekeys")) {
            out.printf("Wide keys: loading %,d Purchase events over %,d customers (uniform, seed %d)...%n", events, keys, SEED);
            try (Refold refold = refold(scratch, keys + 1)) {
                refold.events(); // Refold's tables, before the COPY writes into them
                load(refold, events, keys);
            }
            if (Boolean.parseBoolean(System.getProperty("wideWarmUp", "true"))) {
                out.println("Wide keys: warm-up (untimed), one rebuild with the default budget and the physical limit once.");
                try (Refold refold = refold(scratch, 0)) {
                    refold.rebuild(SpendProjection.NAME);
                }
                physical(scratch);
            }
            if (approaches.contains("physical")) {
                lines.add(measure(out, "wide keys: physical limit (stream, decode, fold in a HashMap, COPY)",
                        () -> physical(scratch), scratch, "bench_spend_physical"));
            }
            if (approaches.contains("memory")) {
                lines.add(rebuild(out, scratch, "wide keys: Refold fold-style, every key in memory (budget " + (keys + 1) + ")", keys + 1));
            }
            if (approaches.contains("budget")) {
                lines.add(rebuild(out, scratch, "wide keys: Refold fold-style, budget " + budget + " rows (keys " + keys / budget + "× the budget)", budget));
            }
            if (approaches.contains("default")) {
                lines.add(rebuild(out, scratch, "wide keys: Refold fold-style, default budget (" + defaultBudget() + " rows)", 0));
            }
        }
        return lines;
    }

    /** As the engine's default: a quarter of the heap at about 1 KB a row. */
    private static long defaultBudget() {
        return Math.max(1_000, Runtime.getRuntime().maxMemory() / 4 / 1024);
    }

    private static Refold refold(ScratchDatabase scratch, int budget) {
        var configuration = Refold.configure().dataSource(scratch.url(), "postgres", null).discoverProjections(false)
                .projections(new SpendProjection());
        if (budget > 0) {
            configuration.foldBufferRows(budget);
        }
        return configuration.load();
    }

    private interface Timed {
        long run() throws Exception;
    }

    private static Line rebuild(PrintStream out, ScratchDatabase scratch, String label, int budget) throws Exception {
        try (Refold refold = refold(scratch, budget)) {
            return measure(out, label, () -> refold.rebuild(SpendProjection.NAME).eventsReplayed(), scratch, SpendProjection.NAME);
        }
    }

    private static Line measure(PrintStream out, String label, Timed timed, ScratchDatabase scratch, String schema) throws Exception {
        out.println("Measuring: " + label + "...");
        double best = Double.MAX_VALUE;
        long events = 0;
        // the fastest of -DwideRepeat runs: on a shared machine a neighbour only ever slows a run down
        for (int i = 0; i < Integer.getInteger("wideRepeat", 1); i++) {
            System.gc();
            long start = System.nanoTime();
            events = timed.run();
            double seconds = (System.nanoTime() - start) / 1e9;
            best = Math.min(best, seconds);
            out.printf("  %,d events in %.2f s (load average now %.2f)%n", events, seconds,
                    ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage());
        }
        return new Line(label, events, best, digest(scratch, schema));
    }

    private static void load(Refold refold, long events, int keys) throws Exception {
        Random random = new Random(SEED);
        try (Connection connection = refold.dataSource().getConnection()) {
            connection.setAutoCommit(true);
            PGConnection pg = connection.unwrap(PGConnection.class);
            long i = 0;
            while (i < events) {
                try (Writer copy = new BufferedWriter(new OutputStreamWriter(new PGCopyOutputStream(pg,
                        "copy refold.events (stream_id, stream_version, event_id, event_type, type_version, payload) from stdin",
                        1 << 16), StandardCharsets.UTF_8), 1 << 16)) {
                    for (long end = Math.min(events, i + 100_000); i < end; i++) {
                        copy.write("purchase-" + i + "\t1\t" + new UUID(random.nextLong(), random.nextLong()) + "\tPurchase\t1\t"
                                + "{\"customerId\":\"customer-" + random.nextInt(keys) + "\",\"cents\":" + (1 + random.nextInt(10_000)) + "}\n");
                    }
                }
            }
            try (Statement s = connection.createStatement()) {
                s.execute("vacuum analyze refold.events");
            }
        }
    }

    /** The yardstick: nothing that builds this table from this log can do much less work. */
    private static long physical(ScratchDatabase scratch) throws Exception {
        ObjectReader reader = new ObjectMapper().readerFor(Purchase.class);
        Map<String, long[]> rows = new HashMap<>();
        long events = 0;
        try (Refold refold = refold(scratch, 1); Connection read = refold.dataSource().getConnection();
             Connection write = refold.dataSource().getConnection()) {
            try (Statement s = write.createStatement()) {
                s.execute("drop schema if exists bench_spend_physical cascade; create schema bench_spend_physical;"
                        + " create table bench_spend_physical.spend (customer_id text primary key, purchases integer not null,"
                        + " cents bigint not null)");
            }
            read.setAutoCommit(false);
            try (PreparedStatement query = read.prepareStatement("select payload from refold.events"
                    + " where transaction_id < pg_snapshot_xmin(pg_current_snapshot()) order by transaction_id, position")) {
                query.setFetchSize(10_000);
                try (ResultSet rs = query.executeQuery()) {
                    while (rs.next()) {
                        Purchase p = reader.readValue(rs.getString(1));
                        long[] row = rows.computeIfAbsent(p.customerId(), k -> new long[2]);
                        row[0]++;
                        row[1] += p.cents();
                        events++;
                    }
                }
            }
            read.rollback();
            write.setAutoCommit(false);
            try (Writer copy = new BufferedWriter(new OutputStreamWriter(new PGCopyOutputStream(write.unwrap(PGConnection.class),
                    "copy bench_spend_physical.spend (customer_id, purchases, cents) from stdin", 1 << 16), StandardCharsets.UTF_8), 1 << 16)) {
                for (Map.Entry<String, long[]> row : rows.entrySet()) {
                    copy.write(row.getKey() + "\t" + row.getValue()[0] + "\t" + row.getValue()[1] + "\n");
                }
            }
            write.commit();
        }
        return events;
    }

    private static String digest(ScratchDatabase scratch, String schema) throws Exception {
        try (Refold refold = refold(scratch, 1); Connection c = refold.dataSource().getConnection(); Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("select count(*) || ' rows, md5 ' || left(md5(string_agg(customer_id || '|' || purchases"
                     + " || '|' || cents, ',' order by customer_id)), 8) from " + schema + ".spend")) {
            rs.next();
            return rs.getString(1);
        }
    }

    /** The lines as a Markdown table, each against the first (the physical limit) and the in-memory rebuild. */
    public static void print(List<Line> lines, PrintStream out) {
        if (lines.isEmpty()) {
            return;
        }
        Line physical = lines.stream().filter(l -> l.label().contains("physical")).findFirst().orElse(null);
        Line memory = lines.stream().filter(l -> l.label().contains("every key in memory")).findFirst().orElse(null);
        out.println();
        out.println("| wide keys | events | seconds | events/s | × physical limit | × every key in memory | table digest |");
        out.println("|---|---:|---:|---:|---:|---:|---|");
        for (Line line : lines) {
            boolean same = physical == null || physical.digest().equals(line.digest());
            out.printf("| %s | %,d | %.2f | %,.0f | %s | %s | %s (%s) |%n", line.label(), line.events(), line.seconds(), line.rate(),
                    physical == null ? "–" : String.format("%.3f", line.rate() / physical.rate()),
                    memory == null ? "–" : String.format("%.3f", line.rate() / memory.rate()), same ? "OK" : "DIFFERS", line.digest());
        }
    }

    /** Whether every table equals the physical limit's (or the first line's, without it). */
    public static boolean allMatch(List<Line> lines) {
        return lines.stream().map(Line::digest).distinct().count() <= 1;
    }
}

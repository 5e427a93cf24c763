package dev.refold.benchmarks;

import dev.refold.benchmarks.log.OrderLogGenerator;

import java.nio.file.Path;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * Command-line options ({@code --name=value}); each may also come as a system property ({@code -Dname=value}).
 * The command line wins.
 */
public record BenchmarkOptions(int orders, long seed, Set<String> approaches, long naiveSample, Path dataDirectory,
                               int appendBatches, int importEvents, int migrateRuns, int repeat) {
    /** What {@code --approaches=all} (the default) runs. */
    public static final List<String> ALL = List.of("physical", "naive", "careful", "handler", "fold", "appends", "import", "migrate",
            "widekeys");
    /** Named only on purpose, never by {@code all}: the handler-style rebuild without the engine's apply function. */
    public static final List<String> ABLATIONS = List.of("handler-counts", "handler-noapply");

    public static BenchmarkOptions parse(String[] args) {
        Map<String, String> given = new HashMap<>();
        for (String name : List.of("orders", "events", "seed", "approaches", "naive-sample", "data-directory",
                "append-batches", "import-events", "migrate-runs", "repeat")) {
            String value = System.getProperty(name);
            if (value != null && !value.isBlank()) {
                given.put(name, value);
            }
        }
        for (String arg : args) {
            if (!arg.startsWith("--") || !arg.contains("=")) {
                throw new IllegalArgumentException("Expected --name=value, got '" + arg + "'. " + usage());
            }
            int eq = arg.indexOf('=');
            String value = arg.substring(eq + 1).trim();
            if (!value.isEmpty()) { // an empty value (as from an unset Maven property) means "not given"
                given.put(arg.substring(2, eq), value);
            }
        }
        int orders = Integer.parseInt(given.getOrDefault("orders", "100000").replace("_", ""));
        if (given.containsKey("events")) {
            long events = Long.parseLong(given.get("events").replace("_", ""));
            if (events % 10 != 0) {
                throw new IllegalArgumentException("--events must be a multiple of 10 (each order has 10 events), got " + events);
            }
            orders = Math.toIntExact(events / 10);
        }
        return new BenchmarkOptions(
                orders,
                Long.parseLong(given.getOrDefault("seed", "20260101")),
                approaches(given.getOrDefault("approaches", "all")),
                Long.parseLong(given.getOrDefault("naive-sample", "20000").replace("_", "")),
                Path.of(given.getOrDefault("data-directory", "target/bench-db")),
                Integer.parseInt(given.getOrDefault("append-batches", "200")),
                Integer.parseInt(given.getOrDefault("import-events", "200000").replace("_", "")),
                Integer.parseInt(given.getOrDefault("migrate-runs", "30")),
                Math.max(1, Integer.parseInt(given.getOrDefault("repeat", "1"))));
    }

    private static Set<String> approaches(String list) {
        Set<String> chosen = new LinkedHashSet<>();
        for (String name : list.toLowerCase(Locale.ROOT).split(",")) {
            if (name.trim().equals("all")) {
                chosen.addAll(ALL);
                continue;
            }
            if (!ALL.contains(name.trim()) && !ABLATIONS.contains(name.trim())) {
                throw new IllegalArgumentException("Unknown approach '" + name + "'. " + usage());
            }
            chosen.add(name.trim());
        }
        return chosen;
    }

    public boolean runs(String approach) {
        return approaches.contains(approach);
    }

    public long events() {
        return OrderLogGenerator.eventCount(orders);
    }

    static String usage() {
        return "Options: --orders=100000 (or --events=1000000) --seed=20260101 --approaches=all|"
                + String.join(",", ALL) + " --naive-sample=20000 --data-directory=target/bench-db"
                + " --append-batches=200 --migrate-runs=30 --repeat=1 (best of N runs per approach)";
    }
}

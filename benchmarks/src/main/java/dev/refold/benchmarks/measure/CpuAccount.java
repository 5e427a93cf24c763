package dev.refold.benchmarks.measure;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadInfo;
import java.lang.management.ThreadMXBean;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;

/**
 * The CPU time an approach costs, by who spent it: this JVM's threads (the approach's own, the JIT, the
 * collector) and the PostgreSQL processes on this machine (its backends). On a two-core machine the sum
 * divided by two bounds how fast any arrangement of the same work can go, which is what a throughput target
 * is up against.
 *
 * <p>JVM threads are read from the ThreadMXBean at the start and the end; PostgreSQL processes from
 * {@code /proc/<pid>/stat}, sampled every 100 ms because a backend may exit before the end (its last sample
 * counts). Where {@code /proc} cannot be read, only the JVM is accounted.
 */
public final class CpuAccount implements AutoCloseable {
    private static final long PERIOD_MILLIS = 100;
    private static final double TICKS_PER_SECOND = 100; // USER_HZ on Linux

    private final ThreadMXBean threads = ManagementFactory.getThreadMXBean();
    private final Map<Long, Long> threadStart = new HashMap<>();
    private final Map<Long, Long> processStart = new HashMap<>();
    private final Map<Long, Long> processLast = new HashMap<>();
    private final java.util.Set<Long> others = java.util.concurrent.ConcurrentHashMap.newKeySet();
    private final Thread sampler;
    private final long startedNanos = System.nanoTime();
    private final long processStartNanos = processCpuNanos();
    private volatile boolean running = true;
    private String summary;

    private CpuAccount() {
        for (long id : threads.getAllThreadIds()) {
            threadStart.put(id, Math.max(0, threads.getThreadCpuTime(id)));
        }
        processStart.putAll(postgresTicks());
        sampler = new Thread(this::sample, "cpu-account");
        sampler.setDaemon(true);
        sampler.start();
    }

    public static CpuAccount start() {
        return new CpuAccount();
    }

    private void sample() {
        while (running) {
            Map<Long, Long> now = postgresTicks();
            synchronized (processLast) {
                processLast.putAll(now);
            }
            try {
                Thread.sleep(PERIOD_MILLIS);
            } catch (InterruptedException e) {
                return;
            }
        }
    }

    /** One line: the total, the JVM's threads by name, PostgreSQL's processes busiest first. Fixed at the first call. */
    public String summary() {
        if (summary == null) {
            summary = account();
        }
        return summary;
    }

    private String account() {
        double wall = (System.nanoTime() - startedNanos) / 1e9;
        Map<String, Double> jvm = new TreeMap<>();
        for (ThreadInfo info : threads.getThreadInfo(threads.getAllThreadIds())) {
            if (info == null) {
                continue;
            }
            long cpu = threads.getThreadCpuTime(info.getThreadId());
            if (cpu < 0) {
                continue;
            }
            double seconds = (cpu - threadStart.getOrDefault(info.getThreadId(), 0L)) / 1e9;
            jvm.merge(role(info.getThreadName()), seconds, Double::sum);
        }
        // The JIT's and the collector's threads are not Java threads: they are what the process spent besides.
        double javaThreads = jvm.values().stream().mapToDouble(Double::doubleValue).sum();
        jvm.put("JIT, GC, VM", Math.max(0, (processCpuNanos() - processStartNanos) / 1e9 - javaThreads));
        List<Double> backends = new ArrayList<>();
        synchronized (processLast) {
            processLast.putAll(postgresTicks());
            processLast.forEach((pid, ticks) -> backends.add((ticks - processStart.getOrDefault(pid, 0L)) / TICKS_PER_SECOND));
        }
        backends.removeIf(s -> s < 0.05);
        backends.sort((a, b) -> Double.compare(b, a));
        double jvmTotal = jvm.values().stream().mapToDouble(Double::doubleValue).sum();
        double pgTotal = backends.stream().mapToDouble(Double::doubleValue).sum();
        StringBuilder line = new StringBuilder(String.format(Locale.ROOT,
                "CPU %.1f s in %.1f s of wall time (%.2f cores busy): JVM %.1f s [", jvmTotal + pgTotal, wall,
                (jvmTotal + pgTotal) / wall, jvmTotal));
        jvm.entrySet().stream().filter(e -> e.getValue() >= 0.05)
                .sorted((a, b) -> Double.compare(b.getValue(), a.getValue()))
                .forEach(e -> line.append(String.format(Locale.ROOT, "%s %.1f, ", e.getKey(), e.getValue())));
        trimComma(line);
        line.append(String.format(Locale.ROOT, "], PostgreSQL %.1f s [", pgTotal));
        backends.forEach(s -> line.append(String.format(Locale.ROOT, "%.1f, ", s)));
        trimComma(line);
        return line.append(']').toString();
    }

    private static void trimComma(StringBuilder line) {
        if (line.length() >= 2 && line.charAt(line.length() - 2) == ',') {
            line.setLength(line.length() - 2);
        }
    }

    /** Threads grouped by what they do; pool threads carry their pool's name. */
    private static String role(String name) {
        return name.replaceAll("[-#]?\\d+$", "");
    }

    @Override
    public void close() {
        summary();
        running = false;
        sampler.interrupt();
    }

    private static long processCpuNanos() {
        return ((com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean()).getProcessCpuTime();
    }

    /**
     * Cumulative user+system ticks of every process whose command line starts with "postgres". Other processes
     * are remembered, so that a sample reads one file per PostgreSQL process and nothing else.
     */
    private Map<Long, Long> postgresTicks() {
        Map<Long, Long> ticks = new HashMap<>();
        try (Stream<Path> processes = Files.list(Path.of("/proc"))) {
            processes.filter(p -> p.getFileName().toString().chars().allMatch(Character::isDigit)).forEach(p -> {
                long pid = Long.parseLong(p.getFileName().toString());
                if (others.contains(pid)) {
                    return;
                }
                try {
                    String command = new String(Files.readAllBytes(p.resolve("cmdline")), StandardCharsets.UTF_8);
                    if (!command.startsWith("postgres")) {
                        others.add(pid);
                        return;
                    }
                    String stat = Files.readString(p.resolve("stat"));
                    String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
                    ticks.put(pid, Long.parseLong(fields[11]) + Long.parseLong(fields[12]));
                } catch (IOException | RuntimeException gone) {
                    // the process ended between listing and reading
                }
            });
        } catch (IOException noProc) {
            // not Linux: account the JVM only
        }
        return ticks;
    }
}

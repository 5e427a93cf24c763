package dev.refold.catchup;

import dev.refold.Refold;
import dev.refold.event.ExpectedVersion;
import dev.refold.fixtures.PostPublished;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.locks.LockSupport;
import java.util.stream.Stream;

/**
 * Measures how long an appended event takes to become visible in a read model kept current by live catch-up
 * (LISTEN/NOTIFY, with polling only as the fallback), under a steady append load. Not a test: it asserts
 * nothing, it prints figures.
 *
 * <p>An embedded PostgreSQL with fsync on (Refold's default) in a temporary directory; the
 * {@link CatchUpProjections.Titles} projection; {@code --appenders} threads each appending one event every
 * {@code 1000 / --rate} ms, for {@code --warmup} seconds that are not counted, then for {@code --seconds}.
 * Each appender's events commit in order, so a reader that polls the largest visible id of each appender
 * (every millisecond) knows when each event became visible. The latency of an event runs from the moment its
 * append returned (committed) to the poll that first saw it.
 *
 * <pre>
 * java -cp engine/target/test-classes:engine/target/classes:$(cat cp.txt) dev.refold.catchup.CatchUpLatencyProbe \
 *     --seconds=20 --rate=100 --appenders=2 --warmup=3
 * </pre>
 * where {@code cp.txt} is written by
 * {@code mvn -o dependency:build-classpath -Dmdep.outputFile=cp.txt -Dmdep.includeScope=test -f engine/pom.xml}.
 *
 * <p>With {@code --rebuild-events=N}, a second Refold instance (its own pool, its own connections, as another
 * process would have) rebuilds another projection, {@link CatchUpProjections.Likes} over N likes, again and again
 * for the whole run; the figures then count only the events appended while one of those rebuilds ran, which is
 * the catch-up latency of a projection while a different one rebuilds. {@code --rebuild-write-behind=0} and
 * {@code --rebuild-batch=n} set that rebuild's write strategy and transaction size: a rebuild's open transaction
 * holds back the horizon ({@code pg_snapshot_xmin}) every catch-up reads below, so they set the latency too.
 */
public final class CatchUpLatencyProbe {
    private CatchUpLatencyProbe() {
    }

    public static void main(String[] args) throws Exception {
        int seconds = option(args, "seconds", 20);
        int rate = option(args, "rate", 100);
        int appenders = option(args, "appenders", 2);
        int warmUp = option(args, "warmup", 3);
        int rebuildEvents = option(args, "rebuild-events", 0);
        Path directory = Files.createTempDirectory("refold-latency");
        try (Refold refold = Refold.configure().dataDirectory(directory.resolve("postgres")).durable(true)
                .discoverProjections(false).environment(Map.of()).projections(new CatchUpProjections.Titles()).load();
             Refold other = rebuildEvents == 0 ? null : Refold.configure().dataSource(refold.url(), "postgres", null)
                     .writeBehind(option(args, "rebuild-write-behind", 1) == 1).batchSize(option(args, "rebuild-batch", 1000))
                     .discoverProjections(false).environment(Map.of()).projections(new CatchUpProjections.Likes()).load()) {
            refold.migrate();
            refold.start();
            List<long[]> rebuilds = new java.util.concurrent.CopyOnWriteArrayList<>();
            AtomicBoolean rebuilding = new AtomicBoolean(other != null);
            Thread rebuilder = null;
            if (other != null) {
                ReadModels.like(other, "probe-likes", rebuildEvents, 1000, new java.util.Random(1));
                other.migrate();
                rebuilder = new Thread(() -> {
                    while (rebuilding.get()) {
                        long start = System.nanoTime();
                        other.rebuild(CatchUpProjections.Likes.NAME);
                        rebuilds.add(new long[]{start, System.nanoTime()});
                    }
                }, "rebuilder");
                rebuilder.start();
            }
            int perAppender = (warmUp + seconds) * rate;
            long[][] called = new long[appenders][perAppender];
            long[][] committed = new long[appenders][perAppender];
            long[][] visible = new long[appenders][perAppender];
            AtomicBoolean appending = new AtomicBoolean(true);
            Thread watcher = new Thread(() -> watch(refold, appenders, visible, appending), "watcher");
            watcher.start();
            List<Thread> threads = new ArrayList<>();
            for (int a = 0; a < appenders; a++) {
                int appender = a;
                threads.add(new Thread(() -> append(refold, appender, rate, called[appender], committed[appender]), "appender-" + a));
            }
            threads.forEach(Thread::start);
            for (Thread t : threads) {
                t.join();
            }
            appending.set(false);
            watcher.join();
            rebuilding.set(false);
            if (rebuilder != null) {
                rebuilder.join();
                // Only events whose append returned while a rebuild of the other projection ran.
                for (int a = 0; a < appenders; a++) {
                    for (int s = 0; s < committed[a].length; s++) {
                        long at = committed[a][s];
                        if (rebuilds.stream().noneMatch(r -> r[0] <= at && at <= r[1])) {
                            committed[a][s] = -1;
                        }
                    }
                }
                System.out.printf("%d rebuilds of %s (a log of %d events, growing) by a second instance during the run%n",
                        rebuilds.size(), CatchUpProjections.Likes.NAME, rebuildEvents);
            }
            report(seconds, rate, appenders, warmUp * rate, called, committed, visible);
        } finally {
            try (Stream<Path> files = Files.walk(directory)) {
                files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            }
        }
    }

    private static String id(int appender, int seq) {
        return (char) ('a' + appender) + String.format("%08d", seq);
    }

    private static void append(Refold refold, int appender, int rate, long[] called, long[] committed) {
        long interval = 1_000_000_000L / rate;
        long next = System.nanoTime();
        for (int seq = 0; seq < committed.length; seq++) {
            LockSupport.parkNanos(next - System.nanoTime());
            String id = id(appender, seq);
            called[seq] = System.nanoTime();
            refold.events().append(id, ExpectedVersion.noStream(), new PostPublished(id, "t", "probe"));
            committed[seq] = System.nanoTime();
            next += interval;
        }
    }

    /** Polls the largest visible id of each appender; everything up to it became visible now, if not before. */
    private static void watch(Refold refold, int appenders, long[][] visible, AtomicBoolean appending) {
        int[] seen = new int[appenders];
        Arrays.fill(seen, -1);
        try (Connection c = refold.dataSource().getConnection();
             PreparedStatement max = c.prepareStatement("select max(post_id) from catchup_titles.title where post_id >= ? and post_id < ?")) {
            while (appending.get() || !allSeen(seen, visible)) {
                for (int a = 0; a < appenders; a++) {
                    max.setString(1, String.valueOf((char) ('a' + a)));
                    max.setString(2, String.valueOf((char) ('a' + a + 1)));
                    try (ResultSet rs = max.executeQuery()) {
                        rs.next();
                        String top = rs.getString(1);
                        if (top != null) {
                            int seq = Integer.parseInt(top.substring(1));
                            long now = System.nanoTime();
                            for (int s = seen[a] + 1; s <= seq; s++) {
                                visible[a][s] = now;
                            }
                            seen[a] = Math.max(seen[a], seq);
                        }
                    }
                }
                LockSupport.parkNanos(1_000_000);
            }
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private static boolean allSeen(int[] seen, long[][] visible) {
        for (int a = 0; a < seen.length; a++) {
            if (seen[a] < visible[a].length - 1) {
                return false;
            }
        }
        return true;
    }

    /** Skips the events of the warm-up: the JIT, the pool and the server's caches settle in the first seconds. */
    private static void report(int seconds, int rate, int appenders, int skipped, long[][] called, long[][] committed,
                               long[][] visible) {
        List<Double> toVisible = new ArrayList<>();
        List<Double> appendCall = new ArrayList<>();
        for (int a = 0; a < appenders; a++) {
            for (int s = skipped; s < committed[a].length; s++) {
                if (committed[a][s] < 0) {
                    continue; // appended while no rebuild ran
                }
                // An event seen before its append returned (the poll raced the commit's return) counts as 0.
                toVisible.add(Math.max(0, visible[a][s] - committed[a][s]) / 1e6);
                appendCall.add((committed[a][s] - called[a][s]) / 1e6);
            }
        }
        System.out.printf("%d events after %d s of warm-up, %d appender(s) x %d/s for %d s, embedded PostgreSQL with fsync on,"
                + " LISTEN/NOTIFY:%n", toVisible.size(), skipped / rate, appenders, rate, seconds);
        print("append returned -> visible in the read model", toVisible);
        print("append call (for scale: one durable commit)  ", appendCall);
    }

    private static void print(String what, List<Double> millis) {
        millis.sort(null);
        System.out.printf("  %s: median %.1f ms, p90 %.1f ms, p99 %.1f ms, max %.1f ms%n", what,
                percentile(millis, 50), percentile(millis, 90), percentile(millis, 99), millis.get(millis.size() - 1));
    }

    private static double percentile(List<Double> sorted, double p) {
        return sorted.get(Math.min(sorted.size() - 1, (int) Math.ceil(p / 100 * sorted.size()) - 1));
    }

    private static int option(String[] args, String name, int fallback) {
        for (String arg : args) {
            if (arg.startsWith("--" + name + "=")) {
                return Integer.parseInt(arg.substring(name.length() + 3));
            }
        }
        return fallback;
    }
}

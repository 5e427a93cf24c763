package dev.refold.benchmarks.extra;

import dev.refold.Refold;
import dev.refold.benchmarks.log.GeneratedEvent;
import dev.refold.benchmarks.log.OrderLogGenerator;
import dev.refold.event.ExpectedVersion;
import dev.refold.projection.Projection;
import dev.refold.result.MigrateResult;
import dev.refold.result.ProjectionInfo;
import dev.refold.result.ProjectionState;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The startup cost: {@code migrate()} on a warm JVM when all {@value NoopProjection#COUNT} projections are
 * already CURRENT and no event is new, so there is nothing to do but find that out. Runs on a scratch
 * database of the benchmark's server, whose log holds a few thousand events.
 */
public final class NoopMigrateBenchmark {
    private static final int WARM_UP_RUNS = 10;
    private static final int LOG_EVENTS = 5_000;

    public record Result(int projections, long firstMigrateMillis, double medianMillis, double p90Millis, double maxMillis,
                         int runs) {
    }

    private final Refold server;
    private final int runs;

    public NoopMigrateBenchmark(Refold server, int runs) {
        this.server = server;
        this.runs = runs;
    }

    public Result run() throws Exception {
        List<Projection> projections = new ArrayList<>();
        for (int i = 1; i <= NoopProjection.COUNT; i++) {
            projections.add(new NoopProjection(i));
        }
        try (ScratchDatabase scratch = ScratchDatabase.create(server, "bench_migrate");
             Refold refold = Refold.configure()
                     .dataSource(scratch.url(), "postgres", null)
                     .discoverProjections(false)
                     .projections(projections)
                     .load()) {
            appendLog(refold);
            long start = System.nanoTime();
            refold.migrate();
            long firstMillis = (System.nanoTime() - start) / 1_000_000;
            requireAllCurrent(refold);
            for (int i = 0; i < WARM_UP_RUNS; i++) {
                requireNoOp(refold.migrate());
            }
            double[] millis = new double[runs];
            for (int i = 0; i < runs; i++) {
                long t = System.nanoTime();
                MigrateResult result = refold.migrate();
                millis[i] = (System.nanoTime() - t) / 1e6;
                requireNoOp(result);
            }
            Arrays.sort(millis);
            return new Result(projections.size(), firstMillis, millis[runs / 2],
                    millis[Math.min(runs - 1, (int) Math.ceil(runs * 0.9) - 1)], millis[runs - 1], runs);
        }
    }

    private static void appendLog(Refold refold) {
        OrderLogGenerator generator = new OrderLogGenerator(LOG_EVENTS / OrderLogGenerator.EVENTS_PER_ORDER, 11);
        Map<String, List<Object>> streams = new LinkedHashMap<>();
        while (generator.hasNext()) {
            GeneratedEvent e = generator.next();
            streams.computeIfAbsent(e.streamId(), id -> new ArrayList<>()).add(e.event());
        }
        streams.forEach((streamId, events) -> refold.events().append(streamId, ExpectedVersion.noStream(), events));
    }

    private static void requireAllCurrent(Refold refold) {
        for (ProjectionInfo p : refold.info().projections()) {
            if (p.state() != ProjectionState.CURRENT) {
                throw new IllegalStateException("After the first migrate, " + p.projection() + " is " + p.state()
                        + (p.failure() == null ? "" : ": " + p.failure()));
            }
        }
    }

    private static void requireNoOp(MigrateResult result) {
        if (!result.nothingToDo()) {
            throw new IllegalStateException("A migrate with every projection CURRENT did work: " + result);
        }
    }
}

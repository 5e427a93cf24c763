package dev.refold.benchmarks.measure;

import dev.refold.benchmarks.extra.AppendBenchmark;
import dev.refold.benchmarks.extra.ImportBenchmark;
import dev.refold.benchmarks.extra.NoopMigrateBenchmark;

import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Collects the run's figures and prints them as Markdown, so that the output can go into BENCHMARKS.md as is.
 * Every rate is also given as a ratio to the physical limit measured in the same run.
 */
public final class ResultsReport {
    private static final double MB = 1024.0 * 1024.0;

    private record Row(String label, Measurement measured, String unmeasured) {
    }

    private final List<Row> rows = new ArrayList<>();
    private final List<String> notes = new ArrayList<>();
    private Measurement physical;
    private Measurement careful;
    private Measurement handler;
    private Measurement fold;
    private AppendBenchmark.Result appends;
    private String appendsFailure;
    private ImportBenchmark.Result imports;
    private String importsFailure;
    private NoopMigrateBenchmark.Result migrate;
    private String migrateFailure;

    public void physical(Measurement m) {
        physical = m;
        measured(m);
    }

    public void careful(Measurement m) {
        careful = m;
        measured(m);
    }

    public void handler(Measurement m) {
        handler = m;
        measured(m);
    }

    public void fold(Measurement m) {
        fold = m;
        measured(m);
    }

    public void measured(Measurement m) {
        rows.add(new Row(m.label(), m, null));
        if (m.note() != null) {
            notes.add(m.note());
        }
    }

    /** An approach that failed: its row says why. */
    public void failed(String label, String reason) {
        rows.add(new Row(label, null, "FAILED: " + reason));
    }

    public boolean anyFailed() {
        return appendsFailure != null || importsFailure != null || migrateFailure != null || rows.stream().anyMatch(r -> r.measured == null);
    }

    public void appends(AppendBenchmark.Result result) {
        appends = result;
    }

    public void imports(ImportBenchmark.Result result) {
        imports = result;
    }

    public void importsFailed(String reason) {
        importsFailure = reason;
    }

    public void appendsFailed(String reason) {
        appendsFailure = reason;
    }

    public void migrate(NoopMigrateBenchmark.Result result) {
        migrate = result;
    }

    public void migrateFailed(String reason) {
        migrateFailure = reason;
    }

    public boolean allDigestsMatch() {
        return rows.stream().allMatch(r -> r.measured == null || r.measured.digestMatches());
    }

    public void print(PrintStream out) {
        out.println();
        out.println("| approach | events | seconds | events/s | × physical limit | peak heap used | peak heap live | table digest |");
        out.println("|---|---:|---:|---:|---:|---:|---:|---|");
        for (Row row : rows) {
            if (row.measured == null) {
                out.printf("| %s | – | – | – | – | – | – | %s |%n", row.label, row.unmeasured);
                continue;
            }
            Measurement m = row.measured;
            out.printf(Locale.ROOT, "| %s | %,d | %.2f | %,.0f | %s | %.0f MB | %.0f MB | %s |%n", m.label(), m.events(),
                    m.seconds(), m.eventsPerSecond(), ratio(m), m.peakHeapBytes() / MB, m.peakLiveHeapBytes() / MB, digest(m));
        }
        out.println();
        out.println("Peak heap used: the most heap in use at any 5 ms sample, garbage included (it grows with -Xmx);"
                + " peak heap live: the most left after any garbage collection, what the approach retains.");
        for (String note : notes) {
            out.println();
            out.println("Note: " + note + ".");
        }
        printExtras(out);
        printTargets(out);
    }

    private String ratio(Measurement m) {
        if (physical == null || physical.eventsPerSecond() == 0) {
            return "–";
        }
        return String.format(Locale.ROOT, "%.3f", m.eventsPerSecond() / physical.eventsPerSecond());
    }

    private static String digest(Measurement m) {
        return (m.digestMatches() ? "OK " : "MISMATCH ") + "(" + m.digest().shortForm() + ")";
    }

    private void printExtras(PrintStream out) {
        if (appends != null || appendsFailure != null || imports != null || importsFailure != null || migrate != null || migrateFailure != null) {
            out.println();
        }
        if (appends != null) {
            out.printf(Locale.ROOT, "Appends, batches of %d events (%,d events each way, one transaction per batch):%n",
                    AppendBenchmark.BATCH, appends.events());
            out.printf(Locale.ROOT, "- raw multi-row INSERT (baseline): %,.0f events/s%n", appends.rawEventsPerSecond());
            out.printf(Locale.ROOT, "- refold.events().append(...): %,.0f events/s (%.2f× the raw INSERT)%n",
                    appends.refoldEventsPerSecond(), appends.ratio());
        } else if (appendsFailure != null) {
            out.println("Appends: not measured: " + appendsFailure);
        }
        if (imports != null) {
            out.printf(Locale.ROOT, "Import of an NDJSON export, %,d events in %,d streams in random order, one scratch database each:%n",
                    imports.events(), imports.streams());
            out.printf(Locale.ROOT, "- raw COPY into refold.events of rows prepared in memory (baseline): %,.0f events/s%n",
                    imports.rawEventsPerSecond());
            out.printf(Locale.ROOT, "- refold.importEvents(file): %,.0f events/s (%.2f× the raw COPY)%n",
                    imports.importEventsPerSecond(), imports.ratio());
        } else if (importsFailure != null) {
            out.println("Import: not measured: " + importsFailure);
        }
        if (migrate != null) {
            out.printf(Locale.ROOT, "No-op migrate() with %d CURRENT projections, warm JVM, %d runs: median %.1f ms,"
                            + " p90 %.1f ms, max %.1f ms (the first migrate, which built them, took %d ms)%n",
                    migrate.projections(), migrate.runs(), migrate.medianMillis(), migrate.p90Millis(), migrate.maxMillis(),
                    migrate.firstMigrateMillis());
        } else if (migrateFailure != null) {
            out.println("No-op migrate(): not measured: " + migrateFailure);
        }
    }

    private void printTargets(PrintStream out) {
        out.println();
        out.println("Targets (issue 7):");
        if (fold != null && physical != null) {
            double r = fold.eventsPerSecond() / physical.eventsPerSecond();
            out.printf(Locale.ROOT, "- fold-style ≥ 0.5× physical limit: %.3f× — %s%n", r, verdict(r >= 0.5));
        } else {
            out.println("- fold-style ≥ 0.5× physical limit: PENDING (no fold-style measurement in this run)");
        }
        if (handler != null && careful != null) {
            double r = handler.eventsPerSecond() / careful.eventsPerSecond();
            out.printf(Locale.ROOT, "- handler-style ≥ 1.5× careful handler: %.2f× — %s%n", r, verdict(r >= 1.5));
        } else {
            out.println("- handler-style ≥ 1.5× careful handler: not checked (both must run)");
        }
        if (appends != null) {
            out.printf(Locale.ROOT, "- appends ≥ 20,000 events/s in batches of 100: %,.0f events/s — %s%n",
                    appends.refoldEventsPerSecond(), verdict(appends.refoldEventsPerSecond() >= 20_000));
        } else {
            out.println("- appends ≥ 20,000 events/s in batches of 100: not checked");
        }
        if (imports != null) {
            out.printf(Locale.ROOT, "- import ≥ 0.5× a raw COPY into refold.events: %.2f× — %s%n",
                    imports.ratio(), verdict(imports.ratio() >= 0.5));
        }
        if (migrate != null) {
            out.printf(Locale.ROOT, "- no-op migrate() with 20 CURRENT projections < 300 ms: median %.1f ms — %s%n",
                    migrate.medianMillis(), verdict(migrate.medianMillis() < 300));
        } else {
            out.println("- no-op migrate() with 20 CURRENT projections < 300 ms: not checked");
        }
        long maxHeapMb = Runtime.getRuntime().maxMemory() / (1024 * 1024);
        List<String> completed = new ArrayList<>();
        long events = 0;
        for (Measurement m : new Measurement[]{handler, fold}) {
            if (m != null && m.digestMatches()) {
                completed.add(m.label());
                events = Math.max(events, m.events());
            }
        }
        if (!completed.isEmpty() && events >= 10_000_000 && maxHeapMb <= 256) {
            out.printf("- 10,000,000-event rebuild with -Xmx256m: completed with the right table by %s (max heap %d MB) — MET%n",
                    String.join(" and ", completed), maxHeapMb);
        } else {
            out.printf("- 10,000,000-event rebuild with -Xmx256m: not checked by this run (%,d events, max heap %d MB)%n",
                    events, maxHeapMb);
        }
    }

    private static String verdict(boolean met) {
        return met ? "MET" : "NOT MET";
    }
}

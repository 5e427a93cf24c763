package dev.refold.benchmarks;

import dev.refold.benchmarks.approach.Approach;
import dev.refold.benchmarks.measure.CpuAccount;
import dev.refold.benchmarks.measure.HeapSampler;
import dev.refold.benchmarks.measure.Measurement;
import dev.refold.benchmarks.readmodel.TableDigest;

import javax.sql.DataSource;
import java.sql.Connection;

/** Runs one approach: untimed preparation, the timed run with heap sampling and CPU accounting, then the digest check. */
public final class BenchmarkRunner {
    private final DataSource dataSource;

    public BenchmarkRunner(DataSource dataSource) {
        this.dataSource = dataSource;
    }

    public Measurement measure(Approach approach) throws Exception {
        try (Connection connection = dataSource.getConnection()) {
            approach.prepare(connection);
        }
        long events;
        long nanos;
        long peak;
        long peakLive;
        String cpu;
        try (HeapSampler heap = HeapSampler.start(); CpuAccount account = CpuAccount.start()) {
            long start = System.nanoTime();
            events = approach.run();
            nanos = System.nanoTime() - start;
            cpu = account.summary();
            peak = heap.peakUsedBytes();
            peakLive = heap.peakLiveBytes();
        }
        System.out.println("  " + cpu);
        try (Connection connection = dataSource.getConnection()) {
            TableDigest digest = approach.table().digest(connection);
            TableDigest reference = approach.reference().digest(connection);
            return new Measurement(approach.label(), events, nanos, peak, peakLive, digest, digest.equals(reference), approach.note());
        }
    }
}

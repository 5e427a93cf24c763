package dev.refold.benchmarks;

import dev.refold.Refold;
import dev.refold.benchmarks.log.OrderLogGenerator;
import dev.refold.benchmarks.log.StoredLog;
import dev.refold.projection.Projection;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;

/**
 * The benchmark's database: Refold's embedded PostgreSQL 17, durable (fsync on), in a data directory that
 * outlives the run so that the generated log is reused while (orders, seed) stay the same.
 */
public final class BenchDatabase {
    private BenchDatabase() {
    }

    /** Opens Refold on {@code directory}, holding exactly the log for (orders, seed): reused, or made now. */
    public static Refold open(Path directory, int orders, long seed, List<Projection> projections, PrintStream out)
            throws SQLException, IOException {
        return open(directory, orders, seed, projections, out, true);
    }

    /** As above; tests pass {@code durable} false, because their databases are thrown away. */
    static Refold open(Path directory, int orders, long seed, List<Projection> projections, PrintStream out,
                       boolean durable) throws SQLException, IOException {
        Refold refold = start(directory, projections, durable);
        StoredLog.Status status;
        try (Connection connection = refold.dataSource().getConnection()) {
            status = StoredLog.status(connection, orders, seed);
        }
        if (status == StoredLog.Status.DIFFERENT) {
            out.println("The stored log in " + directory + " is not the one asked for; the log is append-only, so the"
                    + " data directory is deleted and the log regenerated.");
            refold.close();
            deleteDataDirectory(directory);
            refold = start(directory, projections, durable);
        }
        if (status == StoredLog.Status.MATCHES) {
            out.printf("Reusing the stored log: %,d orders, seed %d, %,d events.%n", orders, seed, OrderLogGenerator.eventCount(orders));
            return refold;
        }
        long total = OrderLogGenerator.eventCount(orders);
        out.printf("Generating and loading %,d events (%,d orders, seed %d) with COPY...%n", total, orders, seed);
        long start = System.nanoTime();
        try (Connection connection = refold.dataSource().getConnection()) {
            StoredLog.load(connection, orders, seed, loaded -> {
                if (loaded % 1_000_000 == 0 && loaded < total) {
                    out.printf("  %,d events loaded%n", loaded);
                }
            });
        }
        out.printf("Loaded in %.1f s (including vacuum analyze).%n", (System.nanoTime() - start) / 1e9);
        return refold;
    }

    private static Refold start(Path directory, List<Projection> projections, boolean durable) {
        Refold refold = Refold.configure()
                .dataDirectory(directory)
                .durable(durable)
                .discoverProjections(false)
                .projections(projections)
                .load();
        refold.events(); // Refold makes its tables when first used; the log is then copied straight into them
        return refold;
    }

    /** Deletes only what is recognisably a PostgreSQL data directory. */
    private static void deleteDataDirectory(Path directory) throws IOException {
        if (!Files.exists(directory.resolve("PG_VERSION"))) {
            throw new IOException(directory + " does not look like a PostgreSQL data directory (no PG_VERSION);"
                    + " not deleting it. Remove it yourself or pick another --data-directory.");
        }
        try (Stream<Path> paths = Files.walk(directory)) {
            for (Path path : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(path);
            }
        }
    }
}

package dev.refold.benchmarks;

import dev.refold.Refold;
import dev.refold.benchmarks.approach.Approach;
import dev.refold.benchmarks.approach.CarefulHandler;
import dev.refold.benchmarks.approach.NaiveHandler;
import dev.refold.benchmarks.approach.PhysicalLimit;
import dev.refold.benchmarks.measure.Measurement;
import dev.refold.benchmarks.refold.BenchFoldProjection;
import dev.refold.benchmarks.refold.BenchHandlerProjection;
import dev.refold.benchmarks.refold.RefoldFoldStyle;
import dev.refold.benchmarks.refold.RefoldHandlerStyle;
import dev.refold.benchmarks.log.StoredLog;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.file.Path;
import java.sql.Connection;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * On a real (embedded, throwaway) PostgreSQL and a 1,000-order log: every approach, the baselines and Refold's
 * two projections alike, builds the same table as the physical limit, and the digest tells tables apart. No
 * timing is asserted.
 */
class ApproachesAgreeTest {
    private static final int ORDERS = 1_000;

    @TempDir
    static Path directory;
    private static Refold refold;
    private static Measurement physical;

    @BeforeAll
    static void loadLogAndMeasureThePhysicalLimit() throws Exception {
        refold = BenchDatabase.open(directory.resolve("pg"), ORDERS, 5, List.of(new BenchHandlerProjection(), new BenchFoldProjection()),
                new PrintStream(OutputStream.nullOutputStream()), false);
        physical = run(new PhysicalLimit(refold.dataSource(), PhysicalLimit.TABLE, Long.MAX_VALUE, ORDERS));
    }

    @AfterAll
    static void stop() {
        if (refold != null) {
            refold.close();
        }
    }

    @Test
    void thePhysicalLimitFoldsEveryEventIntoOneRowPerOrder() {
        assertThat(physical.events()).isEqualTo(10L * ORDERS);
        assertThat(physical.digest().rows()).isEqualTo(ORDERS);
        assertThat(physical.digest().md5()).hasSize(32);
    }

    @Test
    void theCarefulHandlerBuildsExactlyThePhysicalLimitsTable() throws Exception {
        Measurement careful = run(new CarefulHandler(refold.dataSource()));

        assertThat(careful.events()).isEqualTo(10L * ORDERS);
        assertThat(careful.digest()).isEqualTo(physical.digest());
        assertThat(careful.digestMatches()).isTrue();
    }

    @Test
    void refoldsHandlerStyleRebuildBuildsExactlyThePhysicalLimitsTable() throws Exception {
        Measurement handler = run(new RefoldHandlerStyle(refold));

        assertThat(handler.events()).isEqualTo(10L * ORDERS);
        assertThat(handler.digest()).isEqualTo(physical.digest());
    }

    @Test
    void refoldsFoldStyleRebuildBuildsExactlyThePhysicalLimitsTable() throws Exception {
        Measurement fold = run(new RefoldFoldStyle(refold));

        assertThat(fold.events()).isEqualTo(10L * ORDERS);
        assertThat(fold.digest()).isEqualTo(physical.digest());
    }

    @Test
    void theNaiveHandlerOnASampleMatchesThePhysicalLimitOnTheSameSample() throws Exception {
        Measurement naive = run(new NaiveHandler(refold.dataSource(), 1_500, 10L * ORDERS));

        assertThat(naive.events()).isEqualTo(1_500);
        assertThat(naive.digestMatches()).isTrue();
        assertThat(naive.digest().rows()).isLessThan(ORDERS);
        assertThat(naive.digest()).isNotEqualTo(physical.digest());
    }

    @Test
    void theStoredLogIsRecognisedBySizeAndSeed() throws Exception {
        try (Connection connection = refold.dataSource().getConnection()) {
            assertThat(StoredLog.status(connection, ORDERS, 5))
                    .isEqualTo(StoredLog.Status.MATCHES);
            assertThat(StoredLog.status(connection, ORDERS, 6))
                    .isEqualTo(StoredLog.Status.DIFFERENT);
        }
    }

    private static Measurement run(Approach approach) throws Exception {
        return new BenchmarkRunner(refold.dataSource()).measure(approach);
    }
}

package dev.refold.catchup;

import dev.refold.Refold;
import dev.refold.test.RefoldTest;
import dev.refold.test.TestDatabase;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicBoolean;

import static dev.refold.catchup.ReadModels.awaitCaughtUp;
import static dev.refold.catchup.ReadModels.digest;
import static dev.refold.catchup.ReadModels.digestAndCleanRebuild;
import static dev.refold.catchup.ReadModels.projectionLockHolders;
import static dev.refold.catchup.ReadModels.totalLikes;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code kill -9} at random points: a child JVM catching up, or rebuilding, is killed with SIGKILL, and another
 * instance completes the work. The seed of each run is printed so that a failure can be replayed.
 */
@RefoldTest
class CrashRecoveryTest {
    private static final String LIKES = CatchUpProjections.Likes.NAME;
    private static final int TRIALS = 10;
    private static final int POSTS = 100;
    private static final Duration CHILD_TIMEOUT = Duration.ofSeconds(60);

    private static Refold load(TestDatabase db, int batchSize) {
        return db.configure().projections(new CatchUpProjections.Likes()).batchSize(batchSize).load();
    }

    @Test
    void killedDuringCatchUpAStandbyTakesOverAndNothingIsLostOrAppliedTwice(TestDatabase db) throws Exception {
        long seed = System.nanoTime();
        Random random = new Random(seed);
        System.out.println("killedDuringCatchUp seed " + seed);
        try (Refold survivor = load(db, 10)) {
            ReadModels.publish(survivor, POSTS);
            survivor.migrate();
            int likes = 0;
            int interruptedCatchUps = 0;
            for (int trial = 0; trial < TRIALS; trial++) {
                // A backlog for the child to work through in small batches, and appends while it does.
                ReadModels.like(survivor, "backlog-" + trial, 400, POSTS, random);
                likes += 400;
                try (ChildJvm child = ChildJvm.start(db, "catch-up", Map.of("refold.batchSize", "5"))) {
                    child.await("STARTED", CHILD_TIMEOUT);
                    Awaitility.await().atMost(CHILD_TIMEOUT).until(() -> projectionLockHolders(db, LIKES) == 1);
                    survivor.start(); // stands by: the child holds the projection
                    ReadModels.like(survivor, "live-" + trial, 50, POSTS, random);
                    likes += 50;
                    Thread.sleep(random.nextInt(400));
                    child.kill();
                }
                if (!ReadModels.caughtUp(db, LIKES)) {
                    interruptedCatchUps++;
                }
                awaitCaughtUp(db, LIKES); // the survivor took over
                survivor.stop();
                assertThat(totalLikes(db)).as("trial %d (seed %d)", trial, seed).isEqualTo(likes);
                String[] digests = digestAndCleanRebuild(db, survivor, LIKES);
                assertThat(digests[0]).as("trial %d (seed %d): caught up = clean rebuild", trial, seed).isEqualTo(digests[1]);
            }
            System.out.println(interruptedCatchUps + " of " + TRIALS + " kills interrupted a catch-up with events left to apply");
        }
    }

    @Test
    void killedDuringARebuildTheNextRebuildCompletesAndReadersAlwaysSawTheLiveVersion(TestDatabase db) throws Exception {
        long seed = System.nanoTime();
        Random random = new Random(seed);
        System.out.println("killedDuringARebuild seed " + seed);
        try (Refold survivor = load(db, 25)) {
            ReadModels.publish(survivor, POSTS);
            ReadModels.like(survivor, "likes", 1500, POSTS, random);
            long started = System.nanoTime();
            survivor.migrate();
            long buildMillis = Math.max(200, (System.nanoTime() - started) / 1_000_000);
            String built = digest(db, LIKES);
            long expectedLikes = totalLikes(db);

            AtomicBoolean reading = new AtomicBoolean(true);
            List<String> anomalies = new CopyOnWriteArrayList<>();
            ExecutorService readerThread = Executors.newSingleThreadExecutor();
            Future<Integer> reads = readerThread.submit(() -> read(db, reading, expectedLikes, anomalies));
            int interruptedBuilds = 0;
            try {
                for (int trial = 0; trial < TRIALS; trial++) {
                    try (ChildJvm child = ChildJvm.start(db, "rebuild", Map.of("refold.batchSize", "10"))) {
                        child.await("STARTED", CHILD_TIMEOUT);
                        // Once its shadow schema exists, the child replays for about as long as our cold build took
                        // (longer: smaller batches): kill it anywhere in that.
                        Awaitility.await().atMost(CHILD_TIMEOUT).pollInterval(Duration.ofMillis(5))
                                .until(() -> shadowExists(db) || !child.alive());
                        Thread.sleep(random.nextInt((int) buildMillis));
                        child.kill();
                    }
                    if (shadowExists(db)) {
                        interruptedBuilds++;
                    }
                    survivor.rebuild(LIKES); // resumes the killed build's shadow, or starts afresh
                    assertThat(digest(db, LIKES)).as("trial %d (seed %d)", trial, seed).isEqualTo(built);
                }
            } finally {
                reading.set(false);
            }
            System.out.println(interruptedBuilds + " of " + TRIALS + " kills left a shadow build behind to resume");
            assertThat(reads.get()).as("the reader ran throughout").isGreaterThan(TRIALS);
            readerThread.shutdown();
            assertThat(anomalies).as("readers never saw a missing, empty or partial read model").isEmpty();
            assertThat(ReadModels.number(db, "select count(*) from pg_namespace where nspname like 'refold_build_%'"
                    + " or nspname like 'refold_retired_%'")).as("no shadow or retired schema is left").isZero();
        }
    }

    private static boolean shadowExists(TestDatabase db) throws SQLException {
        return ReadModels.number(db, "select count(*) from pg_namespace where nspname like 'refold_build_%'") > 0;
    }

    private static int read(TestDatabase db, AtomicBoolean reading, long expectedLikes, List<String> anomalies) throws SQLException {
        int count = 0;
        try (Connection c = db.connect(); Statement s = c.createStatement()) {
            while (reading.get()) {
                try (ResultSet rs = s.executeQuery("select count(*), coalesce(sum(likes), 0) from " + LIKES + ".post_likes")) {
                    rs.next();
                    if (rs.getLong(1) != POSTS || rs.getLong(2) != expectedLikes) {
                        anomalies.add("saw " + rs.getLong(1) + " posts with " + rs.getLong(2) + " likes");
                    }
                } catch (SQLException e) {
                    anomalies.add(e.getMessage());
                }
                count++;
            }
        }
        return count;
    }
}

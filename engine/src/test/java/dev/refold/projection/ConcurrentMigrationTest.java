package dev.refold.projection;

import dev.refold.Refold;
import dev.refold.event.ExpectedVersion;
import dev.refold.event.NewEvent;
import dev.refold.fixtures.PostDeleted;
import dev.refold.fixtures.PostPublished;
import dev.refold.fixtures.PostsProjections;
import dev.refold.result.MigrateResult;
import dev.refold.result.ProjectionState;
import dev.refold.test.RefoldTest;
import dev.refold.test.TestDatabase;
import org.junit.jupiter.api.Test;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicBoolean;

import static org.assertj.core.api.Assertions.assertThat;

@RefoldTest
class ConcurrentMigrationTest {
    private static final int POSTS = 2000;

    private static void appendPosts(Refold refold) {
        List<Object> batch = new ArrayList<>();
        for (int i = 0; i < POSTS; i++) {
            refold.events().append("post-" + i, ExpectedVersion.noStream(),
                    i % 10 == 0 ? List.of(NewEvent.of(new PostPublished("post-" + i, "t", "u")), new PostDeleted("post-" + i))
                            : List.of(new PostPublished("post-" + i, "t", "u")));
        }
    }

    @Test
    void readersKeepSeeingThePreviousVersionUntilTheSwap(TestDatabase db) throws Exception {
        try (Refold refold = db.configure().projections(new PostsProjections.V2()).batchSize(50).load()) {
            appendPosts(refold);
            refold.migrate();
        }
        AtomicBoolean rebuilding = new AtomicBoolean(true);
        List<String> observations = new CopyOnWriteArrayList<>();
        ExecutorService reader = Executors.newSingleThreadExecutor();
        Future<Integer> reads = reader.submit(() -> {
            int count = 0;
            try (Connection c = db.connect(); Statement s = c.createStatement()) {
                while (rebuilding.get()) {
                    try (ResultSet rs = s.executeQuery("select count(*) from posts.post")) {
                        rs.next();
                        if (rs.getInt(1) != POSTS) {
                            observations.add("saw " + rs.getInt(1) + " rows");
                        }
                    } catch (SQLException e) {
                        observations.add(e.getMessage());
                    }
                    count++;
                }
            }
            return count;
        });
        try (Refold refold = db.configure().projections(new PostsProjections.V3()).batchSize(50).load()) {
            MigrateResult result = refold.migrate();
            assertThat(result.built()).singleElement().satisfies(b -> assertThat(b.version()).isEqualTo(3));
        } finally {
            rebuilding.set(false);
        }
        int queries = reads.get();
        reader.shutdown();
        assertThat(queries).as("the reader ran throughout the rebuild").isGreaterThan(10);
        assertThat(observations).as("readers never saw a missing, empty or partial table").isEmpty();
        try (Connection c = db.connect(); Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("select count(*), sum(likes) from posts.post")) {
            rs.next();
            assertThat(rs.getInt(1)).isEqualTo(POSTS);
            assertThat(rs.getInt(2)).as("the v3 column exists: the new version is in place").isZero();
        }
    }

    @Test
    void aMigratorThatWaitsLongerThanTheLockTimeoutFailsClearlyAndChangesNothing(TestDatabase db) throws Exception {
        try (Refold refold = db.configure().projections(new PostsProjections.V2())
                .lockTimeout(java.time.Duration.ofSeconds(1)).load();
             Connection other = db.connect(); Statement s = other.createStatement()) {
            s.execute("select pg_advisory_lock(hashtext('refold.migrate:refold'))");
            org.assertj.core.api.Assertions.assertThatThrownBy(refold::migrate)
                    .isInstanceOf(dev.refold.MigrationLockException.class)
                    .hasMessageStartingWith("Another Refold instance held the migration lock of schema 'refold' for longer than"
                            + " refold.lockTimeout (1 s), held by ")
                    .hasMessageContaining("server pid " + backendPid(s))
                    .hasMessageContaining("holding it since ")
                    .hasMessageEndingWith("; try again, or raise refold.lockTimeout");
            assertThat(refold.info().projection("posts").orElseThrow().state()).isEqualTo(ProjectionState.PENDING);
            s.execute("select pg_advisory_unlock(hashtext('refold.migrate:refold'))");
            assertThat(refold.migrate().built()).hasSize(1);
        }
    }

    private static int backendPid(Statement s) throws SQLException {
        try (ResultSet rs = s.executeQuery("select pg_backend_pid()")) {
            rs.next();
            return rs.getInt(1);
        }
    }

    @Test
    void twoConcurrentMigratorsBuildOnce(TestDatabase db) throws Exception {
        try (Refold refold = db.configure().load()) {
            appendPosts(refold);
        }
        ExecutorService pool = Executors.newFixedThreadPool(2);
        CountDownLatch go = new CountDownLatch(1);
        List<Future<MigrateResult>> results = new ArrayList<>();
        for (int i = 0; i < 2; i++) {
            results.add(pool.submit(() -> {
                // Waiting for the other's build, so that both end CURRENT; without it the second returns at once.
                try (Refold refold = db.configure().projections(new PostsProjections.V2()).batchSize(100)
                        .waitForBuilds(java.time.Duration.ofSeconds(60)).load()) {
                    go.await();
                    MigrateResult result = refold.migrate();
                    assertThat(refold.info().projection("posts").orElseThrow().state()).isEqualTo(ProjectionState.CURRENT);
                    return result;
                }
            }));
        }
        go.countDown();
        int builds = 0;
        for (Future<MigrateResult> f : results) {
            builds += f.get().built().size();
        }
        pool.shutdown();
        assertThat(builds).isEqualTo(1);
        try (Connection c = db.connect(); Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("select count(*) from refold.projection_history")) {
            rs.next();
            assertThat(rs.getInt(1)).isEqualTo(1);
        }
    }
}

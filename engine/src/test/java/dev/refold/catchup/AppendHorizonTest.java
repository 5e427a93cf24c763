package dev.refold.catchup;

import dev.refold.ProjectionBuildException;
import dev.refold.Refold;
import dev.refold.result.BuildResult;
import dev.refold.result.ProjectionInfo;
import dev.refold.test.RefoldTest;
import dev.refold.test.TestDatabase;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import static dev.refold.catchup.ReadModels.awaitCaughtUp;
import static dev.refold.catchup.ReadModels.digestAndCleanRebuild;
import static dev.refold.catchup.ReadModels.number;
import static dev.refold.catchup.ReadModels.totalLikes;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Issue 14, part 5: only transactions that append hold catch-up back, and nothing committed late is skipped.
 */
@RefoldTest
class AppendHorizonTest {
    private static final String LIKES = CatchUpProjections.Likes.NAME;
    /** Far more than a catch-up round takes, far less than forever: an open transaction that blocked would show. */
    private static final Duration BOUND = Duration.ofSeconds(10);

    @Test
    void anIdleInTransactionInsertIntoAnotherTableDoesNotHoldBackCatchUp(TestDatabase db) throws Exception {
        try (Refold refold = db.configure().projections(new CatchUpProjections.Likes()).load();
             Connection other = db.connect()) {
            ReadModels.publish(refold, 20);
            refold.migrate();
            refold.start();
            try (Statement s = other.createStatement()) {
                s.execute("create table public.unrelated (x int)");
            }
            other.setAutoCommit(false);
            int pid = openWrite(other, "insert into public.unrelated values (1)");

            ReadModels.like(refold, "w", 50, 20, new Random(1));
            long appended = System.nanoTime();
            awaitLikes(db, 50);
            System.out.println("idle-insert: caught up in " + (System.nanoTime() - appended) / 1_000_000 + " ms");
            assertThat(state(db, pid)).as("the unrelated insert is still open").isEqualTo("idle in transaction");
            assertThat(refold.info().projection(LIKES).orElseThrow().waitingOn()).isEmpty();
            // migrate does not wait for it either
            Duration migrate = time(refold::migrate);
            System.out.println("idle-insert: migrate took " + migrate.toMillis() + " ms");
            assertThat(migrate).isLessThan(BOUND);
            other.rollback();
        }
    }

    @Test
    void anOpenWriteInAnotherDatabaseOfTheServerDoesNotHoldBackCatchUp(TestDatabase db) throws Exception {
        String otherDatabase = "horizon_other_" + Long.toHexString(System.nanoTime());
        try (Connection admin = db.connect(); Statement s = admin.createStatement()) {
            s.execute("create database " + otherDatabase);
        }
        try (Refold refold = db.configure().projections(new CatchUpProjections.Likes()).load();
             Connection other = DriverManager.getConnection(db.url().replaceFirst("/[^/?]+(\\?|$)", "/" + otherDatabase + "$1"),
                     db.user(), db.password())) {
            try (Statement s = other.createStatement()) {
                s.execute("create table unrelated (x int)");
            }
            other.setAutoCommit(false);
            int pid = openWrite(other, "insert into unrelated values (1)");
            assertThat(number(db, "select count(*) from pg_stat_activity where pid = " + pid + " and backend_xid is not null"
                    + " and datname = '" + otherDatabase + "'")).as("it holds an xid, so it holds back the snapshot's xmin").isEqualTo(1);

            ReadModels.publish(refold, 20);
            refold.migrate();
            refold.start();
            ReadModels.like(refold, "w", 50, 20, new Random(2));
            awaitLikes(db, 50);
            assertThat(state(db, pid)).isEqualTo("idle in transaction");
            other.rollback();
        } finally {
            try (Connection admin = db.connect(); Statement s = admin.createStatement()) {
                s.execute("drop database if exists " + otherDatabase + " with (force)");
            }
        }
    }

    @Test
    void anUncommittedAppendHoldsBackCatchUpAndInfoNamesIt(TestDatabase db) throws Exception {
        try (Refold refold = db.configure().projections(new CatchUpProjections.Likes()).batchSize(3).load();
             Connection open = db.connect()) {
            ReadModels.publish(refold, 20);
            refold.migrate();
            refold.start();
            open.setAutoCommit(false);
            int pid = openWrite(open, insertLike("open", "p-1"));

            ReadModels.like(refold, "w", 30, 20, new Random(3));
            Awaitility.await().atMost(BOUND).until(() -> refold.info().projection(LIKES).orElseThrow().waitingOn().isPresent());
            ProjectionInfo info = refold.info().projection(LIKES).orElseThrow();
            assertThat(info.waitingOn().orElseThrow()).contains("pid " + pid).contains("idle in transaction")
                    .contains("in transaction for");
            assertThat(refold.info().toTable()).contains("Waiting on").contains("pid " + pid);
            assertThat(totalLikes(db)).as("nothing after the open append is applied").isZero();

            open.commit();
            awaitLikes(db, 31);
            awaitCaughtUp(db, LIKES);
            assertThat(refold.info().projection(LIKES).orElseThrow().waitingOn()).isEmpty();
        }
    }

    @Test
    void aForgedTransactionIdIsOverriddenAndOneTransactionHasOneKey(TestDatabase db) throws Exception {
        try (Refold refold = db.configure().projections(new CatchUpProjections.Likes()).load();
             Connection c = db.connect()) {
            refold.events(); // Refold's tables are made on first write
            c.setAutoCommit(false);
            try (Statement s = c.createStatement()) {
                s.execute("insert into refold.events (stream_id, stream_version, event_id, event_type, type_version, payload,"
                        + " transaction_id) values ('forged', 1, gen_random_uuid(), 'PostLiked', 1, '{\"postId\": \"p-1\", \"user\": \"f\"}',"
                        + " '1'::xid8)");
                s.execute("savepoint undone");
                s.execute(insertLike("undone", "p-1"));
                s.execute("rollback to savepoint undone");
                s.execute("insert into refold.events (stream_id, stream_version, event_id, event_type, type_version, payload,"
                        + " transaction_id) values ('forged', 2, gen_random_uuid(), 'PostLiked', 1, '{\"postId\": \"p-1\", \"user\": \"g\"}',"
                        + " '2'::xid8)");
                long own = longOf(s, "select pg_current_xact_id()::text::bigint");
                List<Long> keys = longsOf(s, "select transaction_id::text::bigint from refold.events where stream_id = 'forged'");
                assertThat(keys).hasSize(2).doesNotContain(1L, 2L);
                assertThat(keys.get(0)).as("one key per transaction").isEqualTo(keys.get(1))
                        .as("never below the writer's xid").isGreaterThanOrEqualTo(own);
                assertThat(longsOf(s, "select (classid::bigint << 32) | objid::bigint from pg_locks where locktype = 'advisory'"
                        + " and objsubid = 1 and pid = pg_backend_pid()")).as("exactly the key is published").containsExactly(keys.get(0));
            }
            c.commit();
            try (Statement s = c.createStatement()) {
                s.execute("insert into refold.events (stream_id, stream_version, event_id, event_type, type_version, payload,"
                        + " transaction_id) values ('forged', 3, gen_random_uuid(), 'PostLiked', 1, '{\"postId\": \"p-1\", \"user\": \"h\"}',"
                        + " '999999999999'::xid8)");
                c.commit();
                List<Long> keys = longsOf(s, "select transaction_id::text::bigint from refold.events where stream_id = 'forged'"
                        + " order by stream_version");
                assertThat(keys.get(2)).as("the next transaction's key is greater").isGreaterThan(keys.get(0)).isLessThan(999999999999L);

                // A key drawn inside a savepoint that is rolled back goes with its locks and its setting.
                s.execute("savepoint first");
                s.execute(insertLike("gone", "p-1"));
                long gone = longOf(s, "select transaction_id::text::bigint from refold.events where stream_id = 'gone'");
                s.execute("rollback to savepoint first");
                assertThat(longOf(s, "select count(*) from pg_locks where locktype = 'advisory' and pid = pg_backend_pid()"))
                        .as("no lock is left by the undone key").isZero();
                s.execute(insertLike("kept", "p-1"));
                long kept = longOf(s, "select transaction_id::text::bigint from refold.events where stream_id = 'kept'");
                assertThat(kept).isGreaterThan(gone);
                assertThat(longsOf(s, "select (classid::bigint << 32) | objid::bigint from pg_locks where locktype = 'advisory'"
                        + " and objsubid = 1 and pid = pg_backend_pid()")).containsExactly(kept);
                c.commit();
            }
        }
    }

    /**
     * Property-style: appenders that draw their keys in one order and commit in another, some rolled back, some
     * with a savepoint undone, while live catch-up runs. Every committed event is applied exactly once.
     */
    @Test
    void lateCommitsInRandomInterleavingsAreAppliedExactlyOnce(TestDatabase db) throws Exception {
        try (Refold refold = db.configure().projections(new CatchUpProjections.Likes()).batchSize(4).load()) {
            ReadModels.publish(refold, 20);
            refold.migrate();
            refold.start();
            long committed = 0;
            for (int trial = 0; trial < 12; trial++) {
                Random random = new Random(trial);
                int writers = 2 + random.nextInt(4);
                List<Connection> open = new ArrayList<>();
                List<Integer> likes = new ArrayList<>();
                try {
                    for (int w = 0; w < writers; w++) {
                        Connection c = db.connect();
                        c.setAutoCommit(false);
                        open.add(c);
                        int n = 1 + random.nextInt(3);
                        try (Statement s = c.createStatement()) {
                            for (int i = 0; i < n; i++) {
                                s.execute(insertLike("t" + trial + "-w" + w + "-" + i, "p-" + random.nextInt(20)));
                            }
                            if (random.nextBoolean()) {
                                s.execute("savepoint sp");
                                s.execute(insertLike("t" + trial + "-w" + w + "-undone", "p-0"));
                                s.execute("rollback to savepoint sp");
                            }
                        }
                        likes.add(n);
                        if (random.nextInt(3) == 0) {
                            // others commit in between: the open ones must hold the horizon
                            ReadModels.like(refold, "t" + trial + "-api" + w, 3, 20, random);
                            committed += 3;
                        }
                    }
                    List<Integer> order = new ArrayList<>();
                    for (int w = 0; w < writers; w++) {
                        order.add(w);
                    }
                    Collections.shuffle(order, random);
                    for (int w : order) {
                        if (random.nextInt(5) == 0) {
                            open.get(w).rollback();
                        } else {
                            open.get(w).commit();
                            committed += likes.get(w);
                        }
                        Thread.sleep(random.nextInt(30));
                    }
                } finally {
                    for (Connection c : open) {
                        c.close();
                    }
                }
            }
            long expected = committed;
            Awaitility.await().atMost(Duration.ofSeconds(60)).until(() -> totalLikes(db) >= expected);
            awaitCaughtUp(db, LIKES);
            assertThat(totalLikes(db)).isEqualTo(expected);
            String[] digests = digestAndCleanRebuild(db, refold, LIKES);
            assertThat(digests[0]).as("caught up live = rebuilt from the whole log").isEqualTo(digests[1]);
        }
    }

    @Test
    void aRebuildWaitsForAnOlderAppendInFlightThenHasEveryEventCommittedBeforeIt(TestDatabase db) throws Exception {
        try (Refold refold = db.configure().projections(new CatchUpProjections.Likes()).load();
             Connection open = db.connect()) {
            ReadModels.publish(refold, 20);
            refold.migrate();
            open.setAutoCommit(false);
            openWrite(open, insertLike("older", "p-2"));
            ReadModels.like(refold, "w", 40, 20, new Random(4)); // committed, behind the older append
            long before = number(db, "select count(*) from refold.events");

            CompletableFuture<BuildResult> rebuild = CompletableFuture.supplyAsync(() -> refold.rebuild(LIKES));
            Thread.sleep(1500);
            assertThat(rebuild).as("it waits for the append in flight").isNotDone();
            open.commit();
            BuildResult built = rebuild.get(30, TimeUnit.SECONDS);
            assertThat(built.eventsReplayed()).isGreaterThanOrEqualTo(before);
            assertThat(totalLikes(db)).isEqualTo(41);
        }
    }

    @Test
    void aRebuildFailsAfterTheHorizonTimeoutNamingTheBlocker(TestDatabase db) throws Exception {
        try (Refold refold = db.configure().projections(new CatchUpProjections.Likes())
                .horizonTimeout(Duration.ofSeconds(1)).load();
             Connection open = db.connect()) {
            ReadModels.publish(refold, 20);
            refold.migrate();
            ReadModels.like(refold, "w", 10, 20, new Random(5));
            open.setAutoCommit(false);
            try (Statement s = open.createStatement()) {
                s.execute("set application_name = 'slow-importer'");
            }
            int pid = openWrite(open, insertLike("older", "p-2"));
            ReadModels.like(refold, "v", 10, 20, new Random(6));

            long started = System.nanoTime();
            assertThatThrownBy(() -> refold.rebuild(LIKES)).isInstanceOf(ProjectionBuildException.class)
                    .hasMessageContaining("refold.horizonTimeout (1 s)").hasMessageContaining("pid " + pid)
                    .hasMessageContaining("idle in transaction").hasMessageContaining("application 'slow-importer'");
            assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(BOUND);
            assertThat(totalLikes(db)).as("the serving read model is untouched by the failed build").isZero();
            open.rollback();
            assertThat(refold.rebuild(LIKES).eventsReplayed()).isEqualTo(40);
            assertThat(totalLikes(db)).isEqualTo(20);
        }
    }

    private static String insertLike(String stream, String post) {
        return "insert into refold.events (stream_id, stream_version, event_id, event_type, type_version, payload)"
                + " values ('" + stream + "', 1, gen_random_uuid(), 'PostLiked', 1, '{\"postId\": \"" + post + "\", \"user\": \"" + stream + "\"}')";
    }

    /** Runs the write in the connection's open transaction and returns its backend pid. */
    private static int openWrite(Connection c, String sql) throws SQLException {
        try (Statement s = c.createStatement()) {
            s.execute(sql);
            return (int) longOf(s, "select pg_backend_pid()");
        }
    }

    private static String state(TestDatabase db, int pid) throws SQLException {
        return ReadModels.single(db, "select state from pg_stat_activity where pid = " + pid);
    }

    private static void awaitLikes(TestDatabase db, long likes) {
        Awaitility.await().atMost(BOUND).pollInterval(Duration.ofMillis(20)).until(() -> totalLikes(db) == likes);
    }

    private static Duration time(Runnable r) {
        long started = System.nanoTime();
        r.run();
        return Duration.ofNanos(System.nanoTime() - started);
    }

    private static long longOf(Statement s, String sql) throws SQLException {
        try (ResultSet rs = s.executeQuery(sql)) {
            rs.next();
            return rs.getLong(1);
        }
    }

    private static List<Long> longsOf(Statement s, String sql) throws SQLException {
        List<Long> values = new ArrayList<>();
        try (ResultSet rs = s.executeQuery(sql)) {
            while (rs.next()) {
                values.add(rs.getLong(1));
            }
        }
        return values;
    }
}

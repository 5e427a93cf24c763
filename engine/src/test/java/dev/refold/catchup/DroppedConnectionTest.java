package dev.refold.catchup;

import dev.refold.Refold;
import dev.refold.test.RefoldTest;
import dev.refold.test.TestDatabase;
import org.jooq.impl.DSL;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.postgresql.PGConnection;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.atomic.AtomicInteger;

import static dev.refold.catchup.ReadModels.awaitCaughtUp;
import static dev.refold.catchup.ReadModels.digestAndCleanRebuild;
import static dev.refold.catchup.ReadModels.totalLikes;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The database connection is cut in the middle of a live batch: after some of the batch's statements ran, from
 * another session, with {@code pg_terminate_backend}. The batch never commits; catch-up resumes from its
 * checkpoint and applies every event exactly once.
 */
@RefoldTest
class DroppedConnectionTest {
    private static final String LIKES = CatchUpProjections.Likes.NAME;
    /** The like, counted across attempts, in whose handler the connections are cut. */
    private static final int CUT_AT = 40;

    @AfterEach
    void resetHooks() {
        LiveHooks.reset();
    }

    @Test
    void cuttingTheWritersConnectionMidBatchLosesNothingAndAppliesNothingTwice(TestDatabase db) throws Exception {
        List<Integer> terminated = runWithCut(db, (admin, writerPid) -> List.of(writerPid));
        assertThat(terminated).hasSize(1);
    }

    @Test
    void cuttingEveryConnectionOfTheWorkerItsLockHolderIncludedLosesNothing(TestDatabase db) throws Exception {
        List<Integer> terminated = runWithCut(db, (admin, writerPid) -> {
            List<Integer> pids = new ArrayList<>(List.of(writerPid));
            pids.addAll(pids(admin, "select pid from pg_locks where locktype = 'advisory' and granted and mode = 'ShareLock'"
                    + " and objsubid = 1 and objid::int = hashtext('refold.live:refold:" + LIKES + "')")); // the worker's round, not an append's key
            pids.addAll(pids(admin, "select pid from pg_stat_activity where datname = current_database()"
                    + " and pid <> pg_backend_pid() and query like '%order by e.transaction_id, e.position%'")); // the replay's reader
            return pids;
        });
        assertThat(terminated).as("writer, dedicated connection and reader").hasSize(3);
    }

    private interface Victims {
        List<Integer> choose(Connection admin, int writerPid) throws SQLException;
    }

    private static List<Integer> runWithCut(TestDatabase db, Victims victims) throws Exception {
        List<Integer> terminated = new ArrayList<>();
        try (Refold refold = db.configure().projections(new CatchUpProjections.Likes()).batchSize(25).load();
             Connection admin = db.connect()) {
            ReadModels.publish(refold, 50);
            refold.migrate();
            AtomicInteger likesSeen = new AtomicInteger();
            LiveHooks.onLike((event, context) -> {
                if (likesSeen.incrementAndGet() == CUT_AT) {
                    // A statement with other SQL makes jOOQ send the batch so far: part of this batch is now written,
                    // uncommitted, on the writer. This one changes no row.
                    context.dsl().update(CatchUpProjections.Likes.POST_LIKES).set(CatchUpProjections.Likes.LIKES, 0)
                            .where(DSL.falseCondition()).execute();
                    int writerPid = context.dsl().connectionResult(c -> c.unwrap(PGConnection.class).getBackendPID());
                    for (int pid : victims.choose(admin, writerPid)) {
                        try (Statement s = admin.createStatement();
                             ResultSet rs = s.executeQuery("select pg_terminate_backend(" + pid + ")")) {
                            rs.next();
                            if (rs.getBoolean(1)) {
                                terminated.add(pid);
                            }
                        }
                    }
                }
            });
            refold.start();
            ReadModels.like(refold, "likes", 300, 50, new Random(5));
            awaitCaughtUp(db, LIKES);

            assertThat(likesSeen.get()).as("the hook ran past the cut").isGreaterThan(CUT_AT);
            assertThat(totalLikes(db)).isEqualTo(300);
            String[] digests = digestAndCleanRebuild(db, refold, LIKES);
            assertThat(digests[0]).as("caught up live = rebuilt from the whole log").isEqualTo(digests[1]);
        }
        return terminated;
    }

    private static List<Integer> pids(Connection admin, String sql) throws SQLException {
        List<Integer> pids = new ArrayList<>();
        try (Statement s = admin.createStatement(); ResultSet rs = s.executeQuery(sql)) {
            while (rs.next()) {
                pids.add(rs.getInt(1));
            }
        }
        return pids;
    }
}

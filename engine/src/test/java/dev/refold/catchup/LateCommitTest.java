package dev.refold.catchup;

import dev.refold.ProjectionBuildException;
import dev.refold.Refold;
import dev.refold.event.ExpectedVersion;
import dev.refold.fixtures.PostLiked;
import dev.refold.test.RefoldTest;
import dev.refold.test.TestDatabase;
import org.junit.jupiter.api.Test;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import static dev.refold.catchup.ReadModels.awaitCaughtUp;
import static dev.refold.catchup.ReadModels.digestAndCleanRebuild;
import static dev.refold.catchup.ReadModels.number;
import static dev.refold.catchup.ReadModels.totalLikes;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The bug Marten and Eventuous shipped: a position allocated before commit becomes visible after later ones,
 * and a reader that already checkpointed past it never sees it.
 */
@RefoldTest
class LateCommitTest {
    private static final String LIKES = CatchUpProjections.Likes.NAME;
    private static final int WRITERS = 4;
    private static final int LIKES_PER_WRITER = 60;

    @Test
    void anEventThatCommitsAfterLaterOnesIsAppliedExactlyOnce(TestDatabase db) throws Exception {
        try (Refold refold = db.configure().projections(new CatchUpProjections.Likes()).batchSize(7)
                .horizonTimeout(Duration.ofSeconds(1)).load()) {
            ReadModels.publish(refold, 20);
            refold.migrate();
            refold.start();

            try (Connection late = db.connect()) {
                late.setAutoCommit(false);
                long lateTransaction;
                long latePid;
                try (Statement s = late.createStatement()) {
                    // Position and append key are taken now; every append below gets higher ones and commits first.
                    s.executeUpdate("insert into refold.events (stream_id, stream_version, event_id, event_type, type_version, payload)"
                            + " values ('late', 1, gen_random_uuid(), 'PostLiked', 1, '{\"postId\": \"p-7\", \"user\": \"late\"}')");
                    try (ResultSet rs = s.executeQuery("select transaction_id::text::bigint, pg_backend_pid() from refold.events"
                            + " where stream_id = 'late'")) {
                        rs.next();
                        lateTransaction = rs.getLong(1);
                        latePid = rs.getLong(2);
                    }
                }

                ExecutorService pool = Executors.newFixedThreadPool(WRITERS);
                List<Future<?>> writers = new ArrayList<>();
                for (int w = 0; w < WRITERS; w++) {
                    int writer = w;
                    writers.add(pool.submit(() -> ReadModels.like(refold, "w" + writer, LIKES_PER_WRITER, 20, new Random(writer))));
                }
                for (Future<?> f : writers) {
                    f.get();
                }
                pool.shutdown();

                // The later appends are committed and notified. A synchronous catch-up (migrate) goes as far as it
                // may, and that is not past the open transaction: nothing after it is applied yet, and migrate, which
                // must not return before what was committed before it is applied, fails naming the append it waited on.
                assertThatThrownBy(refold::migrate).isInstanceOf(ProjectionBuildException.class)
                        .hasMessageContaining("pid " + latePid).hasMessageContaining("idle in transaction");
                assertThat(totalLikes(db)).isZero();
                assertThat(number(db, "select last_transaction_id::text::bigint from refold.projection_checkpoints"
                        + " where projection = '" + LIKES + "' and target = 'live'")).isLessThan(lateTransaction);

                late.commit();
            }
            ReadModels.like(refold, "after", 10, 20, new Random(9));
            awaitCaughtUp(db, LIKES);

            assertThat(number(db, "select min(position) from refold.events where stream_id = 'late'"))
                    .as("the late event's position is below those committed before it")
                    .isLessThan(number(db, "select max(position) from refold.events where stream_id like 'w%'"));
            assertThat(totalLikes(db)).isEqualTo(WRITERS * LIKES_PER_WRITER + 1 + 10);
            String[] digests = digestAndCleanRebuild(db, refold, LIKES);
            assertThat(digests[0]).as("caught up live = rebuilt from the whole log").isEqualTo(digests[1]);
        }
    }

    @Test
    void anAppendHeldOpenByASlowTriggerIsNotSkipped(TestDatabase db) throws Exception {
        try (Refold refold = db.configure().projections(new CatchUpProjections.Likes()).batchSize(5).load()) {
            ReadModels.publish(refold, 20);
            refold.migrate();
            try (Connection c = db.connect(); Statement s = c.createStatement()) {
                // Test only: an append to stream 'slow' takes its position, then sleeps before it can commit.
                s.execute("create function public.slow_append() returns trigger language plpgsql as"
                        + " $$ begin perform pg_sleep(1.5); return new; end $$");
                s.execute("create trigger slow_append before insert on refold.events for each row"
                        + " when (new.stream_id = 'slow') execute function public.slow_append()");
            }
            refold.start();

            ExecutorService pool = Executors.newFixedThreadPool(WRITERS + 1);
            List<Future<?>> writers = new ArrayList<>();
            writers.add(pool.submit(() -> refold.events().append("slow", ExpectedVersion.noStream(),
                    new PostLiked("p-3", "slow"))));
            for (int w = 0; w < WRITERS; w++) {
                int writer = w;
                writers.add(pool.submit(() -> ReadModels.like(refold, "w" + writer, LIKES_PER_WRITER, 20, new Random(writer))));
            }
            for (Future<?> f : writers) {
                f.get();
            }
            pool.shutdown();
            awaitCaughtUp(db, LIKES);

            assertThat(number(db, "select min(position) from refold.events where stream_id = 'slow'"))
                    .as("the slow append took its position before the others committed")
                    .isLessThan(number(db, "select max(position) from refold.events where stream_id like 'w%'"));
            assertThat(totalLikes(db)).isEqualTo(WRITERS * LIKES_PER_WRITER + 1);
            String[] digests = digestAndCleanRebuild(db, refold, LIKES);
            assertThat(digests[0]).as("caught up live = rebuilt from the whole log").isEqualTo(digests[1]);
        }
    }
}

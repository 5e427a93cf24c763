package dev.refold.catchup;

import dev.refold.Refold;
import dev.refold.event.ExpectedVersion;
import dev.refold.fixtures.PostLiked;
import dev.refold.result.ProjectionInfo;
import dev.refold.result.ProjectionState;
import dev.refold.test.RefoldTest;
import dev.refold.test.TestDatabase;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.sql.Connection;
import java.sql.Statement;
import java.time.Duration;
import java.util.Random;
import java.util.concurrent.atomic.AtomicInteger;

import static dev.refold.catchup.ReadModels.awaitCaughtUp;
import static dev.refold.catchup.ReadModels.digest;
import static dev.refold.catchup.ReadModels.digestAndCleanRebuild;
import static dev.refold.catchup.ReadModels.number;
import static dev.refold.catchup.ReadModels.projectionLockHolders;
import static dev.refold.catchup.ReadModels.totalLikes;
import static org.assertj.core.api.Assertions.assertThat;

@RefoldTest
class LiveCatchUpTest {
    private static final String LIKES = CatchUpProjections.Likes.NAME;
    private static final String TITLES = CatchUpProjections.Titles.NAME;

    @AfterEach
    void resetHooks() {
        LiveHooks.reset();
    }

    private static Refold load(TestDatabase db, int attempts) {
        return db.configure().projections(new CatchUpProjections.Likes(), new CatchUpProjections.Titles())
                .batchSize(25).liveAttempts(attempts).load();
    }

    @Test
    void startKeepsEveryCurrentProjectionCaughtUpAndStopReleasesItsLocks(TestDatabase db) throws Exception {
        try (Refold refold = load(db, 3)) {
            ReadModels.publish(refold, 50);
            refold.migrate();
            refold.start();
            ReadModels.publish(refold, 50, 80);
            ReadModels.like(refold, "likes", 300, 50, new Random(1));
            awaitCaughtUp(db, LIKES, TITLES);

            assertThat(totalLikes(db)).isEqualTo(300);
            assertThat(number(db, "select count(*) from catchup_titles.title")).isEqualTo(80);
            assertThat(refold.info().projections()).extracting(ProjectionInfo::state).containsOnly(ProjectionState.CURRENT);
            assertThat(projectionLockHolders(db, LIKES)).isEqualTo(1);

            refold.stop();
            assertThat(number(db, "select count(*) from pg_locks where locktype = 'advisory'"
                    + " and database = (select oid from pg_database where datname = current_database())"))
                    .as("stop() released every advisory lock").isZero();
            String[] digests = digestAndCleanRebuild(db, refold, LIKES);
            assertThat(digests[0]).as("caught up live = rebuilt from the whole log").isEqualTo(digests[1]);
        }
    }

    @Test
    void oneInstanceIsActiveAndAStandbyTakesOverWhenItStops(TestDatabase db) throws Exception {
        try (Refold first = load(db, 3); Refold second = load(db, 3)) {
            ReadModels.publish(first, 20);
            first.migrate();
            first.start();
            Awaitility.await().atMost(Duration.ofSeconds(10)).until(() -> projectionLockHolders(db, LIKES) == 1);
            second.start();
            ReadModels.like(first, "a", 100, 20, new Random(2));
            awaitCaughtUp(db, LIKES, TITLES);
            assertThat(projectionLockHolders(db, LIKES)).as("one active instance per projection").isEqualTo(1);

            first.close(); // the active instance goes away; the standby takes the lock within its retry interval
            ReadModels.like(second, "b", 100, 20, new Random(3));
            awaitCaughtUp(db, LIKES, TITLES);
            assertThat(totalLikes(db)).isEqualTo(200);
            assertThat(projectionLockHolders(db, LIKES)).isEqualTo(1);
        }
    }

    @Test
    void aHandlerThatKeepsFailingStopsOnlyItsProjectionUntilRepaired(TestDatabase db) throws Exception {
        try (Refold refold = load(db, 2)) {
            ReadModels.publish(refold, 10);
            ReadModels.like(refold, "before", 20, 10, new Random(4));
            refold.migrate();
            refold.start();
            String before = digest(db, LIKES);
            LiveHooks.failFor("mallory");
            long position = refold.events().append("bad", ExpectedVersion.noStream(), new PostLiked("p-3", "mallory")).lastPosition();

            Awaitility.await().atMost(Duration.ofSeconds(20))
                    .until(() -> refold.info().projection(LIKES).orElseThrow().state() == ProjectionState.FAILED);
            ProjectionInfo failed = refold.info().projection(LIKES).orElseThrow();
            assertThat(failed.failure())
                    .contains("after 2 attempts", "'" + LIKES + "'", "position " + position, "PostLiked", "cannot handle a like by mallory");
            assertThat(digest(db, LIKES)).as("the failed event changed nothing").isEqualTo(before);

            ReadModels.publish(refold, 10, 30); // the other projection goes on
            awaitCaughtUp(db, TITLES);
            assertThat(number(db, "select count(*) from catchup_titles.title")).isEqualTo(30);
            assertThat(refold.info().projection(TITLES).orElseThrow().state()).isEqualTo(ProjectionState.CURRENT);

            LiveHooks.reset(); // the fix is deployed
            refold.repair();
            awaitCaughtUp(db, LIKES);
            assertThat(refold.info().projection(LIKES).orElseThrow().state()).isEqualTo(ProjectionState.CURRENT);
            assertThat(totalLikes(db)).isEqualTo(21);
        }
    }

    @Test
    void aFailureThatPassesIsRetriedAndNeverRecorded(TestDatabase db) throws Exception {
        try (Refold refold = load(db, 3)) {
            ReadModels.publish(refold, 5);
            refold.migrate();
            refold.start();
            AtomicInteger calls = new AtomicInteger();
            LiveHooks.onLike((event, context) -> {
                if (event.user().equals("flaky") && calls.incrementAndGet() == 1) {
                    throw new IllegalStateException("the first try fails");
                }
            });
            refold.events().append("flaky", ExpectedVersion.noStream(), new PostLiked("p-1", "flaky"));
            awaitCaughtUp(db, LIKES);

            assertThat(calls.get()).as("tried again").isGreaterThan(1);
            assertThat(totalLikes(db)).isEqualTo(1);
            ProjectionInfo info = refold.info().projection(LIKES).orElseThrow();
            assertThat(info.state()).isEqualTo(ProjectionState.CURRENT);
            assertThat(info.failure()).isNull();
        }
    }

    @Test
    void anInstanceWithOlderCodeStandsByOnceAnotherRebuiltTheProjection(TestDatabase db) throws Exception {
        try (Refold old = db.configure().projections(new CatchUpProjections.Likes()).load()) {
            ReadModels.publish(old, 10);
            ReadModels.like(old, "before", 20, 10, new Random(6));
            old.migrate();
            old.start();
            awaitCaughtUp(db, LIKES);
            try (Refold next = db.configure().projections(new CatchUpProjections.WeightedLikes()).load()) {
                next.migrate(); // rebuilds v2 while v1 is being kept current: the swap waits for the round in flight
                next.start();
                ReadModels.like(old, "after", 30, 10, new Random(7));
                awaitCaughtUp(db, LIKES);

                assertThat(totalLikes(db)).as("every like weighed by v2's handler, none by v1's").isEqualTo(10 * (20 + 30));
                assertThat(next.info().projection(LIKES).orElseThrow().state()).isEqualTo(ProjectionState.CURRENT);
                assertThat(old.info().projection(LIKES).orElseThrow().state()).isEqualTo(ProjectionState.FUTURE);
            }
        }
    }

    @Test
    void withoutNotificationsItStillCatchesUpByPolling(TestDatabase db) throws Exception {
        try (Refold refold = load(db, 3)) {
            ReadModels.publish(refold, 10);
            refold.migrate();
            try (Connection c = db.connect(); Statement s = c.createStatement()) {
                s.execute("alter table refold.events disable trigger events_notify_append");
            }
            refold.start();
            ReadModels.like(refold, "quiet", 40, 10, new Random(8));
            awaitCaughtUp(db, LIKES);
            assertThat(totalLikes(db)).isEqualTo(40);
        }
    }
}

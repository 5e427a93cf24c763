package dev.refold.listener;

import dev.refold.ProjectionBuildException;
import dev.refold.Refold;
import dev.refold.event.ExpectedVersion;
import dev.refold.fixtures.PostLiked;
import dev.refold.fixtures.PostPublished;
import dev.refold.fixtures.PostsProjections;
import dev.refold.internal.db.AdvisoryLocks;
import dev.refold.result.BuildResult;
import dev.refold.test.RefoldTest;
import dev.refold.test.TestDatabase;
import org.junit.jupiter.api.Test;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

@RefoldTest
class ListenerTest {

    /** Keeps every call, in order. */
    static final class Recorder implements RefoldListener {
        final List<Object> calls = new CopyOnWriteArrayList<>();

        public void buildStarted(BuildStarted event) { calls.add(event); }
        public void buildProgress(BuildProgress event) { calls.add(event); }
        public void buildFinished(BuildResult result) { calls.add(result); }
        public void buildFailed(BuildFailed event) { calls.add(event); }
        public void batchApplied(BatchApplied event) { calls.add(event); }
        public void caughtUp(CaughtUp event) { calls.add(event); }
        public void liveFailed(LiveFailure event) { calls.add(event); }
        public void lockWaited(LockWaited event) { calls.add(event); }

        <T> List<T> of(Class<T> type) {
            return calls.stream().filter(type::isInstance).map(type::cast).toList();
        }
    }

    @Test
    void aRebuildReportsItsStartEachCommittedBatchAndItsFinish(TestDatabase db) {
        Recorder recorder = new Recorder();
        try (Refold refold = db.configure().projections(new PostsProjections.V1()).batchSize(10).listeners(recorder).load()) {
            for (int i = 0; i < 30; i++) {
                refold.events().append("p" + i, ExpectedVersion.noStream(), new PostPublished("p" + i, "t", "ann"));
            }
            refold.migrate();
        }
        assertThat(recorder.calls.get(0)).isEqualTo(new BuildStarted("posts", 1, null));
        List<BatchApplied> batches = recorder.of(BatchApplied.class);
        assertThat(batches).allSatisfy(b -> assertThat(b.rebuild()).isTrue());
        assertThat(batches.stream().mapToInt(BatchApplied::events).sum()).isEqualTo(30);
        assertThat(batches.get(batches.size() - 1).lagEvents()).isZero();
        assertThat(recorder.of(CaughtUp.class)).anySatisfy(c -> assertThat(c.rebuild()).isTrue());
        List<BuildResult> finished = recorder.of(BuildResult.class);
        assertThat(finished).singleElement().satisfies(r -> {
            assertThat(r.projection()).isEqualTo("posts");
            assertThat(r.eventsReplayed()).isEqualTo(30);
        });
        // after the swap, migrate's next planning round finds posts CURRENT and only catches it up (nothing new)
        List<Object> afterSwap = recorder.calls.subList(recorder.calls.indexOf(finished.get(0)) + 1, recorder.calls.size());
        assertThat(afterSwap).allSatisfy(c -> assertThat(c).isInstanceOfSatisfying(CaughtUp.class, u -> {
            assertThat(u.rebuild()).isFalse();
            assertThat(u.position()).isEqualTo(batches.get(batches.size() - 1).lastPosition());
        }));
    }

    @Test
    void aFailedBuildIsReportedWithTheEventAtFault(TestDatabase db) {
        Recorder recorder = new Recorder();
        try (Refold refold = db.configure().projections(new PostsProjections.V4Buggy()).listeners(recorder).load()) {
            refold.events().append("p1", ExpectedVersion.noStream(), new PostPublished("p1", "t", "ann"));
            long position = refold.events().append("p1", ExpectedVersion.exactly(1), new PostLiked("p1", "mallory")).lastPosition();

            assertThatThrownBy(refold::migrate).isInstanceOf(ProjectionBuildException.class);
            assertThat(recorder.of(BuildFailed.class)).singleElement().satisfies(f -> {
                assertThat(f.projection()).isEqualTo("posts");
                assertThat(f.failure().position()).hasValue(position);
                assertThat(f.failure().eventType()).isEqualTo("PostLiked");
            });
            assertThat(recorder.of(BuildResult.class)).isEmpty();
        }
    }

    @Test
    void liveCatchUpReportsItsBatchesAndEachFailedAttempt(TestDatabase db) {
        Recorder recorder = new Recorder();
        try (Refold refold = db.configure().projections(new PostsProjections.V4Buggy()).liveAttempts(2).listeners(recorder).load()) {
            refold.events().append("p1", ExpectedVersion.noStream(), new PostPublished("p1", "t", "ann"));
            refold.migrate();
            refold.start();
            long liked = refold.events().append("p1", ExpectedVersion.exactly(1), new PostLiked("p1", "ann")).lastPosition();
            await().atMost(10, TimeUnit.SECONDS).until(() -> recorder.of(BatchApplied.class).stream()
                    .anyMatch(b -> !b.rebuild() && b.lastPosition() == liked));
            long bad = refold.events().append("p1", ExpectedVersion.exactly(2), new PostLiked("p1", "mallory")).lastPosition();

            await().atMost(15, TimeUnit.SECONDS).until(() -> recorder.of(LiveFailure.class).size() == 2);
            List<LiveFailure> failures = recorder.of(LiveFailure.class);
            assertThat(failures).extracting(LiveFailure::attempt).containsExactly(1, 2);
            assertThat(failures).extracting(LiveFailure::stopped).containsExactly(false, true);
            assertThat(failures).allSatisfy(f -> {
                assertThat(f.position()).isEqualTo(bad);
                assertThat(f.eventType()).isEqualTo("PostLiked");
                assertThat(f.message()).contains("cannot handle a like by mallory");
            });
        }
    }

    @Test
    void aMigrationThatWaitsForAnotherInstancesLockReportsHowLong(TestDatabase db) throws Exception {
        Recorder recorder = new Recorder();
        try (Refold refold = db.configure().projections(new PostsProjections.V1()).listeners(recorder).load();
             Connection other = db.connect()) {
            refold.events(); // Refold's tables first, so that the wait below is the lock's alone
            try (PreparedStatement lock = other.prepareStatement("select pg_advisory_lock(hashtext(?))")) {
                lock.setString(1, AdvisoryLocks.migration("refold"));
                lock.execute();
            }
            CompletableFuture<?> migrate = CompletableFuture.runAsync(refold::migrate);
            Thread.sleep(300);
            assertThat(migrate).isNotDone();
            try (PreparedStatement unlock = other.prepareStatement("select pg_advisory_unlock(hashtext(?))")) {
                unlock.setString(1, AdvisoryLocks.migration("refold"));
                unlock.execute();
            }
            migrate.get(30, TimeUnit.SECONDS);
        }
        assertThat(recorder.of(LockWaited.class)).singleElement().satisfies(w -> {
            assertThat(w.lock()).isEqualTo("migration of schema 'refold'");
            assertThat(w.waited()).isGreaterThanOrEqualTo(Duration.ofMillis(250));
        });
    }

    @Test
    void aListenerThatThrowsNeverFailsTheBuild(TestDatabase db) {
        RefoldListener broken = new RefoldListener() {
            public void batchApplied(BatchApplied event) {
                throw new IllegalStateException("a broken metrics exporter");
            }
        };
        Recorder recorder = new Recorder();
        try (Refold refold = db.configure().projections(new PostsProjections.V1()).listeners(broken, recorder).load()) {
            refold.events().append("p1", ExpectedVersion.noStream(), new PostPublished("p1", "t", "ann"));
            assertThat(refold.migrate().built()).hasSize(1);
        }
        assertThat(recorder.of(BatchApplied.class)).isNotEmpty();
    }
}

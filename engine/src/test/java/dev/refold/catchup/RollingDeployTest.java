package dev.refold.catchup;

import dev.refold.MigrationLockException;
import dev.refold.Refold;
import dev.refold.result.BuildProgress;
import dev.refold.result.InfoResult;
import dev.refold.result.ProjectionInfo;
import dev.refold.result.ProjectionState;
import dev.refold.test.RefoldTest;
import dev.refold.test.TestDatabase;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;

import static dev.refold.catchup.CoordinationProjections.LIKES;
import static dev.refold.catchup.CoordinationProjections.TALLY;
import static dev.refold.catchup.ReadModels.number;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Several instances, each a JVM of its own, over one database while a projection rebuilds: what the README's
 * "Running in production" promises. A builder replays the first likes slowly, then waits at a gate (a file)
 * that the test removes once it has checked what must hold during the build: the build is known to run while
 * the test looks, and no assertion is on time.
 */
@RefoldTest
class RollingDeployTest {
    private static final String TITLES = CatchUpProjections.Titles.NAME;
    private static final int POSTS = 100;
    private static final int LIKE_EVENTS = 1500;
    /** A like takes 1 ms until the gate, so that the rate and ETA have progress to show. */
    private static final String SLOW = "1000";
    /** Positions 1-100 are the posts (ten per append), 101-1600 the likes: the gate holds the build half-way. */
    private static final String GATE_AT = "800";
    private static final Duration TIMEOUT = Duration.ofSeconds(120);

    private static Refold observer(TestDatabase db, dev.refold.projection.Projection... projections) {
        return db.configure().projections(projections).load();
    }

    private Path gate;

    @BeforeEach
    void closeTheGate() throws Exception {
        gate = Files.createTempFile("refold-gate-", ".lock");
    }

    @AfterEach
    void openTheGate() throws Exception {
        Files.deleteIfExists(gate);
    }

    /**
     * A slowed child is a builder, held at the gate; the others run at full speed. Write-behind off: its
     * checkpoints come every 50,000 events, and these builds must show progress at once.
     */
    /** An instance over a log of {@code POSTS} posts and {@code LIKE_EVENTS} likes, its projections built. */
    private static Refold migrated(TestDatabase db, long seed, dev.refold.projection.Projection... projections) {
        Refold refold = observer(db, projections);
        try {
            ReadModels.publish(refold, POSTS);
            ReadModels.like(refold, "likes", LIKE_EVENTS, POSTS, new Random(seed));
            refold.migrate();
            return refold;
        } catch (RuntimeException e) {
            refold.close();
            throw e;
        }
    }

    private ChildJvm child(TestDatabase db, String projections, String slowMicros, String... args) throws Exception {
        Map<String, String> properties = new java.util.HashMap<>(Map.of("coord.projections", projections,
                "refold.batchSize", "50", "refold.writeBehind", "false"));
        if (!slowMicros.equals("0")) {
            properties.putAll(Map.of("coord.slowMicros", slowMicros, "coord.gate", gate.toString(), "coord.gateAt", GATE_AT));
        }
        return ChildJvm.start(db, CoordinationChild.class, properties, args);
    }

    private static ProjectionInfo infoOf(Refold refold, String name) {
        return refold.info().projection(name).orElseThrow();
    }

    private static BuildProgress awaitBuilding(Refold refold, String name) {
        Awaitility.await().atMost(TIMEOUT).pollInterval(Duration.ofMillis(50)).until(() -> {
            ProjectionInfo p = infoOf(refold, name);
            return p.state() == ProjectionState.BUILDING && p.build().position() > 0 && p.build().eventsPerSecond() > 0;
        });
        return infoOf(refold, name).build();
    }

    private static long titles(TestDatabase db) throws Exception {
        return number(db, "select count(*) from " + TITLES + ".title");
    }

    private static long likes(TestDatabase db) throws Exception {
        return number(db, "select coalesce(sum(likes), 0) from " + LIKES + ".post_likes");
    }

    @Test
    void whileAnotherInstanceRebuildsAProjectionTheOthersAndItsOwnLiveVersionKeepBeingCaughtUp(TestDatabase db) throws Exception {
        try (Refold app = migrated(db, 3, new CoordinationProjections.LikesV1(), new CatchUpProjections.Titles())) {
            app.start();
            try (ChildJvm builder = child(db, "likes1,titles", SLOW, "rebuild", LIKES)) {
                builder.await("STARTED", TIMEOUT);
                BuildProgress build = awaitBuilding(app, LIKES);
                // info from another process than the builder's
                assertThat(build.active()).isTrue();
                assertThat(build.builder()).contains("refold (pid " + builder.pid() + ")").contains("server pid ");
                assertThat(build.eta()).isNotNull();
                assertThat(build.shadowSchema()).startsWith("refold_build_");
                assertThat(infoOf(app, LIKES).builtVersion()).as("the serving version").isEqualTo(1);

                ReadModels.publish(app, POSTS, POSTS + 50);
                ReadModels.awaitCaughtUp(db, TITLES, LIKES);
                assertThat(infoOf(app, LIKES).state()).as("the build still runs: the new events arrived before it ended")
                        .isEqualTo(ProjectionState.BUILDING);
                assertThat(titles(db)).isEqualTo(POSTS + 50);
                assertThat(number(db, "select count(*) from " + LIKES + ".post_likes"))
                        .as("the live v1 of the projection being rebuilt kept being caught up too").isEqualTo(POSTS + 50);

                try (Refold impatient = db.configure().projections(new CoordinationProjections.LikesV1())
                        .lockTimeout(Duration.ofSeconds(1)).load()) {
                    assertThatThrownBy(() -> impatient.rebuild(LIKES)).isInstanceOf(MigrationLockException.class)
                            .hasMessageStartingWith("Another Refold instance built projection '" + LIKES + "' for longer than"
                                    + " refold.lockTimeout (1 s), held by 'refold (pid " + builder.pid() + ")' from ")
                            .hasMessageContaining("server pid ").hasMessageContaining("holding it since ");
                }
                openTheGate();
                builder.await("DONE ", TIMEOUT);
                assertThat(builder.waitFor(TIMEOUT)).as("builder exit; stderr:%n%s", builder.stderr()).isZero();
            }
            ReadModels.awaitCaughtUp(db, LIKES);
            assertThat(likes(db)).isEqualTo(LIKE_EVENTS);
            assertThat(infoOf(app, LIKES).state()).isEqualTo(ProjectionState.CURRENT);
            assertThat(app.info().abandonedBuilds()).isEmpty();
        }
    }

    @Test
    void twoProjectionsRebuildAtTheSameTimeOnTwoInstances(TestDatabase db) throws Exception {
        try (Refold app = migrated(db, 5, new CoordinationProjections.LikesV1(), new CoordinationProjections.Tally())) {
            try (ChildJvm one = child(db, "likes1,tally", SLOW, "rebuild", LIKES);
                 ChildJvm two = child(db, "likes1,tally", SLOW, "rebuild", TALLY)) {
                one.await("STARTED", TIMEOUT);
                two.await("STARTED", TIMEOUT);
                Awaitility.await().atMost(TIMEOUT).pollInterval(Duration.ofMillis(50)).until(() -> {
                    InfoResult info = app.info();
                    return info.projection(LIKES).orElseThrow().state() == ProjectionState.BUILDING
                            && info.projection(TALLY).orElseThrow().state() == ProjectionState.BUILDING
                            && info.projection(LIKES).orElseThrow().build().position() > 0
                            && info.projection(TALLY).orElseThrow().build().position() > 0;
                });
                InfoResult both = app.info();
                assertThat(both.projection(LIKES).orElseThrow().build().builder()).contains("refold (pid " + one.pid() + ")");
                assertThat(both.projection(TALLY).orElseThrow().build().builder()).contains("refold (pid " + two.pid() + ")");
                openTheGate();
                one.await("DONE ", TIMEOUT);
                two.await("DONE ", TIMEOUT);
                assertThat(one.waitFor(TIMEOUT)).as("stderr:%n%s", one.stderr()).isZero();
                assertThat(two.waitFor(TIMEOUT)).as("stderr:%n%s", two.stderr()).isZero();
            }
            assertThat(likes(db)).isEqualTo(LIKE_EVENTS);
            assertThat(number(db, "select sum(likes) from " + TALLY + ".tally")).isEqualTo(LIKE_EVENTS);
            assertThat(number(db, "select count(*) from refold.projection_history where success")).isEqualTo(4);
        }
    }

    @Test
    void aRollingDeployOldCodeServesV1UntilTheSwapANewInstanceStartsAtOnceAndNobodyFails(TestDatabase db) throws Exception {
        try (Refold setup = migrated(db, 11, new CoordinationProjections.LikesV1(), new CatchUpProjections.Titles())) {
        }
        List<ChildJvm> children = new ArrayList<>();
        try (Refold observer = observer(db, new CoordinationProjections.LikesV2(), new CatchUpProjections.Titles())) {
            ChildJvm old = child(db, "likes1,titles", "0", "serve");
            children.add(old);
            assertThat(old.await("MIGRATED ", TIMEOUT)).isEqualTo("MIGRATED built= elsewhere= progress=");
            ChildJvm builder = child(db, "likes2,titles", SLOW, "serve");
            children.add(builder);
            awaitBuilding(observer, LIKES);

            ChildJvm late = child(db, "likes2,titles", "0", "serve");
            children.add(late);
            String migrated = late.await("MIGRATED ", TIMEOUT);
            assertThat(infoOf(observer, LIKES).state()).as("the late instance's migrate returned while the build ran")
                    .isEqualTo(ProjectionState.BUILDING);
            assertThat(migrated).startsWith("MIGRATED built= elsewhere=" + LIKES + " progress=").endsWith("/true");
            late.send("ready " + LIKES);
            assertThat(late.await("READY ", TIMEOUT)).isEqualTo("READY " + LIKES + " false");
            late.send("ready " + TITLES);
            assertThat(late.await("READY ", TIMEOUT)).isEqualTo("READY " + TITLES + " true");
            late.send("state " + LIKES);
            assertThat(late.await("STATE ", TIMEOUT)).isEqualTo("STATE " + LIKES + " BUILDING");
            old.send("ready " + LIKES);
            assertThat(old.await("READY ", TIMEOUT)).isEqualTo("READY " + LIKES + " true");
            assertThat(observer.plan().projection(LIKES).orElseThrow().reason())
                    .as("plan from another process says migrate would leave the build to its builder")
                    .contains("a build is in progress, which migrate leaves to its builder: v2 at position");

            // During the build, old code keeps v1 caught up (a like weighs one there)...
            ReadModels.like(observer, "during", 10, POSTS, new Random(1));
            Awaitility.await().atMost(TIMEOUT).until(() -> ask(old, "sql select sum(likes) from " + LIKES + ".post_likes")
                    .equals("SQL " + (LIKE_EVENTS + 10)));
            assertThat(infoOf(observer, LIKES).state()).as("v1 was caught up before the swap").isEqualTo(ProjectionState.BUILDING);

            openTheGate();
            // ...until the swap; then v2 serves, every like weighs ten, the old instance stands by and says so.
            assertThat(builder.await("MIGRATED ", TIMEOUT)).isEqualTo("MIGRATED built=" + LIKES + " elsewhere= progress=");
            Awaitility.await().atMost(TIMEOUT).until(() -> ask(late, "ready " + LIKES).equals("READY " + LIKES + " true"));
            assertThat(ask(old, "ready " + LIKES)).isEqualTo("READY " + LIKES + " false");
            ReadModels.like(observer, "after", 10, POSTS, new Random(2));
            ReadModels.awaitCaughtUp(db, LIKES, TITLES);
            assertThat(likes(db)).isEqualTo((LIKE_EVENTS + 20) * 10L);
            assertThat(infoOf(observer, LIKES).state()).isEqualTo(ProjectionState.CURRENT);
            assertThat(ask(old, "ready " + TITLES)).as("old code still serves what did not change").isEqualTo("READY " + TITLES + " true");
            for (ChildJvm child : children) {
                child.send("quit");
                child.await("BYE", TIMEOUT);
                assertThat(child.waitFor(TIMEOUT)).as("exit of child %d; stderr:%n%s", child.pid(), child.stderr()).isZero();
                assertThat(child.stderr()).as("child %d logged no error", child.pid()).doesNotContain("ERROR").doesNotContain("Exception");
            }
        } finally {
            for (ChildJvm child : children) {
                child.close();
            }
        }
    }

    @Test
    void aKilledBuildIsReportedAbandonedWithItsShadowAndTheNextMigrateResumesIt(TestDatabase db) throws Exception {
        try (Refold app = migrated(db, 13, new CoordinationProjections.LikesV1())) {
        }
        try (Refold v2 = observer(db, new CoordinationProjections.LikesV2())) {
            try (ChildJvm builder = child(db, "likes2", SLOW, "serve")) {
                awaitBuilding(v2, LIKES);
                builder.kill();
            }
            // The server ends the killed builder's sessions, and drops their locks, once it sees the sockets closed.
            Awaitility.await().atMost(TIMEOUT).until(() -> infoOf(v2, LIKES).state() != ProjectionState.BUILDING);
            assertThat(infoOf(v2, LIKES).state()).as("nobody builds it now").isEqualTo(ProjectionState.OUTDATED);
            assertThat(v2.info().abandonedBuilds()).singleElement().satisfies(b -> {
                assertThat(b.projection()).isEqualTo(LIKES);
                assertThat(b.active()).isFalse();
                assertThat(b.shadowSchema()).startsWith("refold_build_");
                assertThat(b.position()).isPositive();
            });
            assertThat(v2.info().toTable()).contains("abandoned build of v2 in schema refold_build_");
            var result = v2.migrate();
            assertThat(result.built()).singleElement().satisfies(b -> assertThat(b.version()).isEqualTo(2));
            assertThat(v2.info().abandonedBuilds()).isEmpty();
            assertThat(likes(db)).isEqualTo(LIKE_EVENTS * 10L);
        }
    }

    private static String ask(ChildJvm child, String command) throws Exception {
        child.send(command);
        return child.await(command.startsWith("sql") ? "SQL " : command.startsWith("ready") ? "READY " : "STATE ", TIMEOUT);
    }
}

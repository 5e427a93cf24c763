package dev.refold.catchup;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.refold.ProjectionBuildException;
import dev.refold.Refold;
import dev.refold.RefoldConfigurationException;
import dev.refold.RefoldException;
import dev.refold.event.Upcaster;
import dev.refold.result.ProjectionInfo;
import dev.refold.result.ProjectionState;
import dev.refold.test.RefoldTest;
import dev.refold.test.TestDatabase;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.Map;
import java.util.Random;

import static dev.refold.catchup.ReadModels.awaitCaughtUp;
import static dev.refold.catchup.ReadModels.digest;
import static dev.refold.catchup.ReadModels.logFingerprint;
import static dev.refold.catchup.ReadModels.number;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Bad input gets a clear error naming what is at fault, and nothing already stored changes. */
@RefoldTest
class BadInputTest {
    private static final String LIKES = CatchUpProjections.Likes.NAME;
    private static final String TITLES = CatchUpProjections.Titles.NAME;

    private static Refold started(TestDatabase db, Upcaster... upcasters) {
        Refold refold = db.configure().projections(new CatchUpProjections.Likes(), new CatchUpProjections.Titles())
                .upcasters(upcasters).liveAttempts(1).load();
        ReadModels.publish(refold, 10);
        ReadModels.like(refold, "likes", 30, 10, new Random(11));
        refold.migrate();
        refold.start();
        return refold;
    }

    /** Stores an event the way a foreign writer (or a bug) might: allowed, since the log only forbids change. */
    private static long insertRaw(TestDatabase db, String type, int version, String payload) throws SQLException {
        try (Connection c = db.connect(); Statement s = c.createStatement()) {
            s.executeUpdate("insert into refold.events (stream_id, stream_version, event_id, event_type, type_version, payload)"
                    + " values ('raw-' || gen_random_uuid(), 1, gen_random_uuid(), '" + type + "', " + version + ", '" + payload + "')");
        }
        return number(db, "select max(position) from refold.events");
    }

    private static ProjectionInfo awaitFailed(Refold refold, String projection) {
        Awaitility.await().atMost(Duration.ofSeconds(20))
                .until(() -> refold.info().projection(projection).orElseThrow().state() == ProjectionState.FAILED);
        return refold.info().projection(projection).orElseThrow();
    }

    @Test
    void aPayloadThatDoesNotFitItsTypeStopsThatProjectionOnlyAndChangesNothing(TestDatabase db) throws Exception {
        try (Refold refold = started(db)) {
            awaitCaughtUp(db, LIKES, TITLES);
            String likes = digest(db, LIKES);
            assertThatThrownBy(() -> insertRaw(db, "PostLiked", 1, "not json"))
                    .as("the log itself takes only JSON").hasMessageContaining("invalid input syntax for type json");
            long position = insertRaw(db, "PostLiked", 1, "{\"postId\": \"p-1\", \"stars\": 5}");
            String log = logFingerprint(db);

            ProjectionInfo failed = awaitFailed(refold, LIKES);
            assertThat(failed.failure()).contains("'" + LIKES + "'", "position " + position, "PostLiked v1",
                    "dev.refold.fixtures.PostLiked", "stars");
            assertThat(digest(db, LIKES)).as("the read model is unchanged").isEqualTo(likes);
            assertThat(logFingerprint(db)).as("the log is unchanged").isEqualTo(log);

            ReadModels.publish(refold, 10, 15); // Titles does not handle likes and goes on
            awaitCaughtUp(db, TITLES);
            assertThat(number(db, "select count(*) from catchup_titles.title")).isEqualTo(15);
            assertThat(refold.info().projection(TITLES).orElseThrow().state()).isEqualTo(ProjectionState.CURRENT);
        }
    }

    @Test
    void anUnknownEventTypeIsNamedWhereItIsReadAndLeftAloneByProjections(TestDatabase db) throws Exception {
        try (Refold refold = started(db)) {
            awaitCaughtUp(db, LIKES, TITLES);
            String likes = digest(db, LIKES);
            String titles = digest(db, TITLES);
            long position = insertRaw(db, "PostArchived", 1, "{\"postId\": \"p-1\"}");
            String stream = ReadModels.single(db, "select stream_id from refold.events where position = " + position);
            String log = logFingerprint(db);

            awaitCaughtUp(db, LIKES, TITLES); // no projection handles it, so none is held up by it
            assertThatThrownBy(() -> refold.events().readStream(stream))
                    .isInstanceOf(RefoldException.class)
                    .hasMessageContaining("Unknown event type 'PostArchived' at position " + position)
                    .hasMessageContaining("refold.skipUnknownEventTypes");
            assertThat(digest(db, LIKES)).isEqualTo(likes);
            assertThat(digest(db, TITLES)).isEqualTo(titles);
            assertThat(logFingerprint(db)).isEqualTo(log);
            assertThat(refold.info().projections()).extracting(ProjectionInfo::state).containsOnly(ProjectionState.CURRENT);
        }
    }

    @Test
    void anUpcasterThatThrowsStopsTheProjectionWithTheEventNamed(TestDatabase db) throws Exception {
        Upcaster broken = Upcaster.of("PostPublished", 1, (ObjectNode payload) -> {
            throw new IllegalArgumentException("no title in " + payload);
        });
        try (Refold refold = started(db, broken)) {
            awaitCaughtUp(db, LIKES, TITLES);
            String titles = digest(db, TITLES);
            long position = insertRaw(db, "PostPublished", 1, "{\"postId\": \"p-old\"}");
            String log = logFingerprint(db);

            ProjectionInfo failed = awaitFailed(refold, TITLES);
            assertThat(failed.failure()).contains("'" + TITLES + "'", "position " + position,
                    "PostPublished v1 to v2", "no title in");
            assertThat(digest(db, TITLES)).isEqualTo(titles);
            assertThat(logFingerprint(db)).isEqualTo(log);
        }
    }

    @Test
    void ddlWithASyntaxErrorFailsItsBuildWithFileAndLineAndLeavesTheRestAsItWas(TestDatabase db) throws Exception {
        try (Refold refold = db.configure().projections(new CatchUpProjections.Likes()).load()) {
            ReadModels.publish(refold, 10);
            refold.migrate();
        }
        String likes = digest(db, LIKES);
        String log = logFingerprint(db);
        try (Refold refold = db.configure().projections(new CatchUpProjections.Likes(), new CatchUpProjections.BrokenDdl()).load()) {
            assertThatThrownBy(refold::migrate)
                    .isInstanceOfSatisfying(ProjectionBuildException.class, e -> assertThat(e.projection()).isEqualTo("broken_ddl"))
                    .hasMessageContaining("'broken_ddl' v1")
                    .hasMessageContaining("db/refold/broken_ddl/V1__Broken.sql, line 3")
                    .hasMessageContaining("\"integr\"");
            assertThat(refold.info().projection("broken_ddl").orElseThrow().state()).isEqualTo(ProjectionState.FAILED);
        }
        assertThat(number(db, "select count(*) from pg_namespace where nspname = 'broken_ddl' or nspname like 'refold_build_%'"))
                .as("no schema of the failed build is left").isZero();
        assertThat(digest(db, LIKES)).isEqualTo(likes);
        assertThat(logFingerprint(db)).isEqualTo(log);
    }

    @Test
    void anUnsafeProjectionNameIsRejectedBeforeAnySqlRuns(TestDatabase db) throws Exception {
        try (Connection c = db.connect(); Statement s = c.createStatement()) {
            s.execute("create table y (id int)");
        }
        assertThatThrownBy(() -> db.configure().projections(new CatchUpProjections.Unsafe()).load())
                .isInstanceOf(RefoldConfigurationException.class)
                .hasMessageContaining("Projection name '" + CatchUpProjections.Unsafe.NAME + "' is not a safe identifier");
        assertThat(number(db, "select count(*) from pg_tables where tablename = 'y'")).isEqualTo(1);
        assertThat(number(db, "select count(*) from pg_namespace where nspname = 'refold'"))
                .as("Refold did not even create its own schema").isZero();
    }

    @Test
    void aPropertyOfTheWrongTypeIsNamedWithItsSourceBeforeAnySqlRuns(TestDatabase db) throws Exception {
        assertThatThrownBy(() -> db.configure().properties(Map.of("refold.batchSize", "abc")).load())
                .isInstanceOf(RefoldConfigurationException.class)
                .hasMessage("Invalid value 'abc' for refold.batchSize (from configuration property refold.batchSize):"
                        + " expected a positive whole number");
        assertThatThrownBy(() -> db.configure().environment(Map.of("REFOLD_LIVE_ATTEMPTS", "0")).load())
                .isInstanceOf(RefoldConfigurationException.class)
                .hasMessage("Invalid value '0' for refold.liveAttempts (from environment variable REFOLD_LIVE_ATTEMPTS):"
                        + " expected a positive whole number");
        assertThat(number(db, "select count(*) from pg_namespace where nspname = 'refold'")).isZero();
    }
}

package dev.refold.projection;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.refold.Refold;
import dev.refold.ValidationException;
import dev.refold.event.ExpectedVersion;
import dev.refold.fixtures.PostDeleted;
import dev.refold.fixtures.PostLiked;
import dev.refold.fixtures.PostPublished;
import dev.refold.fixtures.PostsProjections;
import dev.refold.result.BuildResult;
import dev.refold.result.PlanResult;
import dev.refold.result.PlanResult.Action;
import dev.refold.result.PlanResult.ProjectionPlan;
import dev.refold.result.PlanResult.RateSource;
import dev.refold.result.ProjectionState;
import dev.refold.test.RefoldTest;
import dev.refold.test.TestDatabase;
import org.junit.jupiter.api.Test;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.stream.IntStream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

/** {@code plan}: what migrate would do, counted and timed, on real PostgreSQL, and that it changes nothing. */
@RefoldTest
class PlanTest {

    /** Three posts published, one deleted (the four events posts v1 and v2 handle), and three likes (not handled). */
    private static void appendStory(Refold refold) {
        refold.events().append("post-1", ExpectedVersion.noStream(), new PostPublished("post-1", "Hello", "ann"));
        refold.events().append("post-2", ExpectedVersion.noStream(), new PostPublished("post-2", "Draft", "bob"));
        refold.events().append("post-3", ExpectedVersion.noStream(), new PostPublished("post-3", "Third", "ann"));
        refold.events().append("post-2", ExpectedVersion.exactly(1), new PostDeleted("post-2"));
        refold.events().append("post-1", ExpectedVersion.exactly(1), new PostLiked("post-1", "carl"), new PostLiked("post-1", "dan"));
        refold.events().append("post-3", ExpectedVersion.exactly(1), new PostLiked("post-3", "dan"));
    }

    private static long single(TestDatabase db, String sql) throws SQLException {
        try (Connection c = db.connect(); Statement s = c.createStatement(); ResultSet rs = s.executeQuery(sql)) {
            rs.next();
            return rs.getLong(1);
        }
    }

    @Test
    void onAnEmptyDatabaseItPlansABuildOfNothingAndCreatesNoRefoldSchema(TestDatabase db) throws SQLException {
        try (Refold refold = db.configure().projections(new PostsProjections.V1()).load()) {
            PlanResult plan = refold.plan();

            ProjectionPlan posts = plan.projection("posts").orElseThrow();
            assertThat(posts.action()).isEqualTo(Action.BUILD);
            assertThat(posts.state()).isEqualTo(ProjectionState.PENDING);
            assertThat(posts.reason()).isEqualTo("never built");
            assertThat(posts.eventsToReplay()).isZero();
            assertThat(posts.rateSource()).isEqualTo(RateSource.DEFAULT);
            assertThat(posts.rateBasis()).isEqualTo("default: no successful build recorded");
            assertThat(plan.headPosition()).isZero();
            assertThat(plan.refused()).isFalse();
            assertThat(plan.toTable()).contains("| posts ").contains("BUILD").contains("never built");
        }
        assertThat(single(db, "select count(*) from pg_namespace where nspname in ('refold', 'posts')")).isZero();
    }

    @Test
    void aPendingProjectionWouldReplayItsHandledEventsAtTheDefaultRate(TestDatabase db) {
        try (Refold refold = db.configure().projections(new PostsProjections.V1()).load()) {
            appendStory(refold);
            PlanResult plan = refold.plan();

            ProjectionPlan posts = plan.projection("posts").orElseThrow();
            assertThat(posts.action()).isEqualTo(Action.BUILD);
            assertThat(posts.eventsToReplay()).isEqualTo(4); // the likes are not handled by v1
            assertThat(posts.eventsPerSecond()).isEqualTo(plan.defaultEventsPerSecond());
            assertThat(posts.eta()).isEqualTo(Duration.ofMillis(Math.round(4 * 1000.0 / plan.defaultEventsPerSecond())));
            assertThat(plan.headPosition()).isEqualTo(7);

            // the plan changed nothing: migrate still has the build to do, and replays what the plan counted
            BuildResult built = refold.migrate().built().get(0);
            assertThat(built.eventsReplayed()).isEqualTo(posts.eventsToReplay());
        }
    }

    @Test
    void aCurrentProjectionCatchesUpItsNewEventsAtItsMeasuredRate(TestDatabase db) throws SQLException {
        try (Refold refold = db.configure().projections(new PostsProjections.V1()).load()) {
            // a first build large enough to be timed
            refold.events().append("bulk", ExpectedVersion.noStream(), IntStream.range(0, 1_200)
                    .mapToObj(i -> new PostPublished("bulk-" + i, "Post " + i, "ann")).toList());
            BuildResult first = refold.migrate().built().get(0);
            assertThat(first.eventsReplayed()).isEqualTo(1_200);

            assertThat(refold.plan().projection("posts").orElseThrow())
                    .satisfies(p -> assertThat(p.action()).isEqualTo(Action.CATCH_UP))
                    .satisfies(p -> assertThat(p.eventsToReplay()).isZero())
                    .satisfies(p -> assertThat(p.reason()).startsWith("up to date at position "));

            appendStory(refold);
            ProjectionPlan posts = refold.plan().projection("posts").orElseThrow();
            assertThat(posts.action()).isEqualTo(Action.CATCH_UP);
            assertThat(posts.state()).isEqualTo(ProjectionState.CURRENT);
            assertThat(posts.eventsToReplay()).isEqualTo(4);
            assertThat(posts.reason()).isEqualTo("4 new events after position 1200");
            assertThat(posts.rateSource()).isEqualTo(RateSource.MEASURED);
            // the rate is the history's record of the build, not the caller's BuildResult (timed a little longer)
            long historyMillis = single(db, "select execution_time_ms from refold.projection_history where success");
            assertThat(single(db, "select events_replayed from refold.projection_history where success")).isEqualTo(1_200);
            double measured = 1_200 * 1000.0 / historyMillis;
            assertThat(posts.eventsPerSecond()).isCloseTo(measured, within(0.001));
            assertThat(posts.rateBasis()).startsWith("measured: 1200 events in " + historyMillis + " ms by the version 1 build");
            assertThat(posts.eta()).isEqualTo(Duration.ofMillis(Math.round(4 * 1000.0 / measured)));
            assertThat(refold.migrate().eventsCaughtUp()).isEqualTo(4);
        }
        // a new version rebuilds from the start, timed by the v1 build
        try (Refold refold = db.configure().projections(new PostsProjections.V2()).load()) {
            ProjectionPlan posts = refold.plan().projection("posts").orElseThrow();
            assertThat(posts.action()).isEqualTo(Action.BUILD);
            assertThat(posts.state()).isEqualTo(ProjectionState.OUTDATED);
            assertThat(posts.reason()).isEqualTo("version 1 is built, the code declares 2");
            assertThat(posts.eventsToReplay()).isEqualTo(1_204);
            assertThat(posts.rateSource()).isEqualTo(RateSource.MEASURED);
        }
    }

    @Test
    void aSmallBuildIsNotTimedAndSaysSo(TestDatabase db) {
        try (Refold refold = db.configure().projections(new PostsProjections.V1()).load()) {
            appendStory(refold);
            refold.migrate();
            refold.events().append("post-4", ExpectedVersion.noStream(), new PostPublished("post-4", "Four", "ann"));
            ProjectionPlan posts = refold.plan().projection("posts").orElseThrow();
            assertThat(posts.eventsToReplay()).isEqualTo(1);
            assertThat(posts.rateSource()).isEqualTo(RateSource.DEFAULT);
            assertThat(posts.rateBasis()).isEqualTo("default: the last build replayed 4 events, too few to time (under 1000)");
        }
    }

    @Test
    void aChangedProjectionIsRefusedWithValidatesProblem(TestDatabase db) throws Exception {
        try (Refold refold = db.configure().projections(new PostsProjections.V2()).load()) {
            appendStory(refold);
            refold.migrate();
        }
        long history = single(db, "select count(*) from refold.projection_history");
        try (Refold refold = db.configure().projections(new PostsProjections.V2Edited()).load()) {
            PlanResult plan = refold.plan();

            ProjectionPlan posts = plan.projection("posts").orElseThrow();
            assertThat(posts.action()).isEqualTo(Action.REFUSE);
            assertThat(posts.state()).isEqualTo(ProjectionState.CHANGED);
            assertThat(posts.problem()).isEqualTo(refold.validateWithResult().errors().get(0));
            assertThat(posts.problem()).contains("changed since version 2 was built");
            assertThat(posts.eventsToReplay()).isZero();
            assertThat(plan.refused()).isTrue();
            assertThat(plan.problems()).containsExactly(posts.problem());
            assertThat(plan.toTable()).contains("REFUSE").contains("Migrate would refuse to run");

            JsonNode json = new ObjectMapper().readTree(plan.toJson());
            assertThat(json.get("refused").asBoolean()).isTrue();
            assertThat(json.get("projections").get(0).get("action").asText()).isEqualTo("REFUSE");
            assertThat(json.get("projections").get(0).get("problem").asText()).isEqualTo(posts.problem());

            assertThatThrownBy(refold::migrate).isInstanceOf(ValidationException.class);
        }
        assertThat(single(db, "select count(*) from refold.projection_history")).isEqualTo(history);
    }
}

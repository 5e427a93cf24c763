package dev.refold.internal.text;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.refold.result.BuildResult;
import dev.refold.result.BuildProgress;
import dev.refold.result.InfoResult;
import dev.refold.result.MigrateResult;
import dev.refold.result.PlanResult;
import dev.refold.result.ProjectionInfo;
import dev.refold.result.ProjectionState;
import dev.refold.result.RepairResult;
import dev.refold.result.ValidateResult;
import dev.refold.result.VerifyResult;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;

/** Every result's {@code toJson()}, parsed back: the field names the README documents, ISO-8601 times. */
class ResultJsonTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Instant BUILT_ON = Instant.parse("2026-12-02T05:00:00.250Z");

    private static JsonNode parse(String json) throws Exception {
        return JSON.readTree(json);
    }

    @Test
    void info() throws Exception {
        InfoResult result = new InfoResult(List.of(
                new ProjectionInfo("posts", 2, 1, "Posts keep deleted", ProjectionState.OUTDATED, BUILT_ON, 40, 41, 3,
                        "abc", "def", null, Optional.of("pid 42, transaction open 3 s, idle in transaction"),
                        new BuildProgress("posts", 2, "refold_build_posts", true, "app on host, pid 7", BUILT_ON, 30, 30, 1500,
                                Duration.ofSeconds(12))),
                new ProjectionInfo("orders", 1, null, "Orders", ProjectionState.PENDING, null, 0, 0, 0, "ghi", null, null)),
                44);
        JsonNode json = parse(result.toJson());

        assertThat(json.get("headPosition").asLong()).isEqualTo(44);
        JsonNode posts = json.get("projections").get(0);
        assertThat(posts.get("projection").asText()).isEqualTo("posts");
        assertThat(posts.get("declaredVersion").asInt()).isEqualTo(2);
        assertThat(posts.get("builtVersion").asInt()).isEqualTo(1);
        assertThat(posts.get("state").asText()).isEqualTo("OUTDATED");
        assertThat(posts.get("builtOn").asText()).isEqualTo("2026-12-02T05:00:00.250Z");
        assertThat(posts.get("eventsApplied").asLong()).isEqualTo(40);
        assertThat(posts.get("position").asLong()).isEqualTo(41);
        assertThat(posts.get("lag").asLong()).isEqualTo(3);
        assertThat(posts.get("waitingOn").asText()).startsWith("pid 42");
        assertThat(posts.get("build").get("position").asLong()).isEqualTo(30);
        assertThat(posts.get("build").get("eventsPerSecond").asLong()).isEqualTo(1500);
        assertThat(posts.get("build").get("eta").asText()).as("an ISO-8601 duration").isEqualTo("PT12S");
        assertThat(posts.get("build").get("builder").asText()).isEqualTo("app on host, pid 7");
        JsonNode orders = json.get("projections").get(1);
        assertThat(orders.get("builtVersion").isNull()).isTrue();
        assertThat(orders.get("builtOn").isNull()).isTrue();
        assertThat(orders.get("waitingOn").isNull()).isTrue();
        assertThat(orders.get("build").isNull()).isTrue();
    }

    @Test
    void validate() throws Exception {
        JsonNode valid = parse(new ValidateResult(List.of()).toJson());
        assertThat(valid.get("valid").asBoolean()).isTrue();
        assertThat(valid.get("errors").size()).isZero();

        JsonNode invalid = parse(new ValidateResult(List.of("projection posts changed")).toJson());
        assertThat(invalid.get("valid").asBoolean()).isFalse();
        assertThat(invalid.get("errors").get(0).asText()).isEqualTo("projection posts changed");
    }

    @Test
    void migrateAndRebuild() throws Exception {
        BuildResult build = new BuildResult("posts", 1, 2, 1_000, 1_000, 1_001, 500, 1_000);
        JsonNode rebuild = parse(build.toJson());
        assertThat(rebuild.get("projection").asText()).isEqualTo("posts");
        assertThat(rebuild.get("previousVersion").asInt()).isEqualTo(1);
        assertThat(rebuild.get("version").asInt()).isEqualTo(2);
        assertThat(rebuild.get("eventsReplayed").asLong()).isEqualTo(1_000);
        assertThat(rebuild.get("lastPosition").asLong()).isEqualTo(1_001);
        assertThat(rebuild.get("executionTimeMillis").asLong()).isEqualTo(500);
        assertThat(rebuild.get("writesHeld").asLong()).isEqualTo(1_000);
        assertThat(rebuild.get("eventsPerSecond").asDouble()).isEqualTo(2_000.0);

        JsonNode migrate = parse(new MigrateResult(List.of(build), 7, 800).toJson());
        assertThat(migrate.get("built").get(0).get("version").asInt()).isEqualTo(2);
        assertThat(migrate.get("eventsCaughtUp").asLong()).isEqualTo(7);
        assertThat(migrate.get("executionTimeMillis").asLong()).isEqualTo(800);
        assertThat(migrate.get("nothingToDo").asBoolean()).isFalse();
        assertThat(parse(new MigrateResult(List.of(), 0, 3).toJson()).get("nothingToDo").asBoolean()).isTrue();
    }

    @Test
    void repair() throws Exception {
        JsonNode json = parse(new RepairResult(List.of("posts"), List.of("orders")).toJson());
        assertThat(json.get("realigned").get(0).asText()).isEqualTo("posts");
        assertThat(json.get("removedFailures").get(0).asText()).isEqualTo("orders");
    }

    @Test
    void verify() throws Exception {
        VerifyResult result = new VerifyResult(List.of(
                new VerifyResult.ProjectionVerification("posts", 2, 8, "aa", "aa", null),
                new VerifyResult.ProjectionVerification("orders", 1, 3, "bb", "cc", null)), 11);
        JsonNode json = parse(result.toJson());
        assertThat(json.get("passed").asBoolean()).isFalse();
        assertThat(json.get("events").asLong()).isEqualTo(11);
        JsonNode posts = json.get("projections").get(0);
        assertThat(posts.get("projection").asText()).isEqualTo("posts");
        assertThat(posts.get("fullDigest").asText()).isEqualTo("aa");
        assertThat(posts.get("incrementalDigest").asText()).isEqualTo("aa");
        assertThat(posts.get("passed").asBoolean()).isTrue();
        assertThat(posts.get("failure").isNull()).isTrue();
        assertThat(json.get("projections").get(1).get("passed").asBoolean()).isFalse();
    }

    @Test
    void plan() throws Exception {
        PlanResult result = new PlanResult(List.of(
                new PlanResult.ProjectionPlan("posts", PlanResult.Action.BUILD, ProjectionState.OUTDATED, 2, 1,
                        "version 1 is built, the code declares 2", null, 25_000, 10_000, PlanResult.RateSource.DEFAULT,
                        "default: no successful build recorded", Duration.ofMillis(2_500))), 30_000, 10_000);
        JsonNode json = parse(result.toJson());

        assertThat(json.get("headPosition").asLong()).isEqualTo(30_000);
        assertThat(json.get("defaultEventsPerSecond").asDouble()).isEqualTo(10_000.0);
        assertThat(json.get("refused").asBoolean()).isFalse();
        assertThat(json.get("problems").size()).isZero();
        assertThat(json.get("eventsToReplay").asLong()).isEqualTo(25_000);
        assertThat(json.get("eta").asText()).isEqualTo("PT2.5S");
        JsonNode posts = json.get("projections").get(0);
        assertThat(posts.get("projection").asText()).isEqualTo("posts");
        assertThat(posts.get("action").asText()).isEqualTo("BUILD");
        assertThat(posts.get("state").asText()).isEqualTo("OUTDATED");
        assertThat(posts.get("declaredVersion").asInt()).isEqualTo(2);
        assertThat(posts.get("builtVersion").asInt()).isEqualTo(1);
        assertThat(posts.get("reason").asText()).isEqualTo("version 1 is built, the code declares 2");
        assertThat(posts.get("problem").isNull()).isTrue();
        assertThat(posts.get("eventsToReplay").asLong()).isEqualTo(25_000);
        assertThat(posts.get("eventsPerSecond").asDouble()).isEqualTo(10_000.0);
        assertThat(posts.get("rateSource").asText()).isEqualTo("DEFAULT");
        assertThat(posts.get("rateBasis").asText()).isEqualTo("default: no successful build recorded");
        assertThat(posts.get("eta").asText()).isEqualTo("PT2.5S");
        assertThat(Duration.parse(posts.get("eta").asText())).isEqualTo(Duration.ofMillis(2_500));
    }
}

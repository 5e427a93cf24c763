package dev.refold.maven.report;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.refold.maven.support.FixtureFiles;
import dev.refold.result.VerifyResult;
import dev.refold.result.VerifyResult.ProjectionVerification;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class VerifyReportTest {
    @TempDir
    Path directory;

    private final VerifyResult result = new VerifyResult(List.of(
            new ProjectionVerification("customers", 1, 40, "aaaaaaaaaaaaaaaa", "aaaaaaaaaaaaaaaa", null),
            new ProjectionVerification("clock", 3, 40, "1111111111111111", "2222222222222222", null),
            new ProjectionVerification("orders", 2, 12, null, null, "handler threw at position 13 (OrderCancelled)")),
            40);
    private final VerifyReport report = new VerifyReport(result,
            List.of(new FixtureFiles.Imported(Path.of("events/orders.ndjson"), 40)));

    @Test
    void tellsPassedDifferentAndFailedApart() {
        assertThat(report.table())
                .containsPattern("\\| customers +\\| 1 +\\| 40 +\\| aaaaaaaaaaaa +\\| aaaaaaaaaaaa +\\| PASSED +\\|")
                .containsPattern("\\| clock .*\\| 111111111111 +\\| 222222222222 +\\| DIFFERENT +\\|")
                .containsPattern("\\| orders .*\\| - +\\| - +\\| FAILED +\\|");
    }

    @Test
    void failureMessageNamesEachProjectionThatDidNotPass() {
        assertThat(report.failureMessage())
                .startsWith("Refold verify failed for 2 projections:")
                .contains("projection clock version 3: the incremental build differs from the from-scratch build")
                .contains("projection orders version 2: handler threw at position 13 (OrderCancelled)")
                .doesNotContain("customers");
    }

    @Test
    void writesAJsonReportToolsCanRead() throws Exception {
        Path file = report.writeJson(directory.resolve("nested/verify-report.json"));

        JsonNode json = new ObjectMapper().readTree(file.toFile());
        assertThat(json.get("passed").asBoolean()).isFalse();
        assertThat(json.get("events").asLong()).isEqualTo(40);
        assertThat(json.get("fixtures").get(0).get("events").asLong()).isEqualTo(40);
        assertThat(json.get("projections")).hasSize(3);
        assertThat(json.get("projections").get(1).get("result").asText()).isEqualTo("DIFFERENT");
        assertThat(json.get("projections").get(1).get("fullDigest").asText()).isEqualTo("1111111111111111");
        assertThat(json.get("projections").get(2).get("failure").asText()).contains("OrderCancelled");
    }

    @Test
    void writesATextReportPeopleCanRead() throws Exception {
        String text = Files.readString(report.writeText(directory.resolve("verify-report.txt")));

        assertThat(text).startsWith("Refold verify: FAILED\nEvents: 40\nFixture: events/orders.ndjson (40 events)\n")
                .contains(report.table())
                .contains("- projection orders version 2: handler threw");
    }
}

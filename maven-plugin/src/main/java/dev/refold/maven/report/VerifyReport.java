package dev.refold.maven.report;

import dev.refold.internal.text.TextTable;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.refold.maven.support.FixtureFiles;
import dev.refold.result.VerifyResult;
import dev.refold.result.VerifyResult.ProjectionVerification;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The outcome of {@code verify} for people (a table) and for tools (JSON): per projection, the events it
 * replayed, the digests of its from-scratch and incremental builds, and what went wrong.
 */
public final class VerifyReport {
    /** Enough of a SHA-256 to tell two digests apart at a glance; the JSON report has them whole. */
    private static final int SHORT_DIGEST = 12;

    private final VerifyResult result;
    private final List<FixtureFiles.Imported> fixtures;

    public VerifyReport(VerifyResult result, List<FixtureFiles.Imported> fixtures) {
        this.result = result;
        this.fixtures = List.copyOf(fixtures);
    }

    /** PASSED, DIFFERENT (the two builds disagree) or FAILED (a handler or DDL error). */
    static String outcome(ProjectionVerification p) {
        if (p.failure() != null) {
            return "FAILED";
        }
        return p.passed() ? "PASSED" : "DIFFERENT";
    }

    public String table() {
        List<String[]> rows = new ArrayList<>();
        rows.add(new String[]{"Projection", "Version", "Events", "From scratch", "Incremental", "Result"});
        for (ProjectionVerification p : result.projections()) {
            rows.add(new String[]{p.projection(), Integer.toString(p.version()), Long.toString(p.eventsReplayed()),
                    shortDigest(p.fullDigest()), shortDigest(p.incrementalDigest()), outcome(p)});
        }
        return TextTable.render(rows, "No projections to verify");
    }

    public Path writeText(Path file) throws IOException {
        StringBuilder text = new StringBuilder("Refold verify: ")
                .append(result.passed() ? "PASSED" : "FAILED").append('\n')
                .append("Events: ").append(result.events()).append('\n');
        for (FixtureFiles.Imported fixture : fixtures) {
            text.append("Fixture: ").append(fixture.file()).append(" (").append(fixture.events()).append(" events)\n");
        }
        text.append('\n').append(table());
        List<String> problems = problems();
        if (!problems.isEmpty()) {
            text.append('\n');
            problems.forEach(problem -> text.append("- ").append(problem).append('\n'));
        }
        return write(file, text.toString());
    }

    public Path writeJson(Path file) throws IOException {
        ObjectMapper mapper = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
        ObjectNode root = mapper.createObjectNode();
        root.put("passed", result.passed());
        root.put("events", result.events());
        ArrayNode fixtureNodes = root.putArray("fixtures");
        for (FixtureFiles.Imported fixture : fixtures) {
            fixtureNodes.addObject().put("file", fixture.file().toString()).put("events", fixture.events());
        }
        ArrayNode projections = root.putArray("projections");
        for (ProjectionVerification p : result.projections()) {
            projections.addObject()
                    .put("projection", p.projection())
                    .put("version", p.version())
                    .put("eventsReplayed", p.eventsReplayed())
                    .put("fullDigest", p.fullDigest())
                    .put("incrementalDigest", p.incrementalDigest())
                    .put("result", outcome(p))
                    .put("failure", p.failure());
        }
        return write(file, mapper.writeValueAsString(root) + "\n");
    }

    /** The build failure: one line per projection that did not pass. */
    public String failureMessage() {
        List<String> problems = problems();
        return "Refold verify failed for " + problems.size() + (problems.size() == 1 ? " projection" : " projections")
                + ":\n- " + String.join("\n- ", problems);
    }

    private List<String> problems() {
        List<String> problems = new ArrayList<>();
        for (ProjectionVerification p : result.projections()) {
            if (p.failure() != null) {
                problems.add("projection " + p.projection() + " version " + p.version() + ": " + p.failure());
            } else if (!p.passed()) {
                problems.add("projection " + p.projection() + " version " + p.version()
                        + ": the incremental build differs from the from-scratch build (digest "
                        + shortDigest(p.incrementalDigest()) + " vs " + shortDigest(p.fullDigest())
                        + "). Its handlers depend on something besides the events, such as the clock, random values,"
                        + " state kept in fields, or batch boundaries.");
            }
        }
        return problems;
    }

    private static String shortDigest(String digest) {
        if (digest == null) {
            return "-";
        }
        return digest.length() <= SHORT_DIGEST ? digest : digest.substring(0, SHORT_DIGEST);
    }

    private static Path write(Path file, String content) throws IOException {
        Files.createDirectories(file.getParent());
        return Files.writeString(file, content, StandardCharsets.UTF_8);
    }
}

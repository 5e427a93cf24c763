package dev.refold.result;

import dev.refold.internal.text.ResultJson;

import dev.refold.internal.text.TextTable;

import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** The state of every projection, declared or built. {@link #toTable()} renders Flyway-style. */
public record InfoResult(List<ProjectionInfo> projections, long headPosition) {
    private static final DateTimeFormatter BUILT_ON =
            DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss").withZone(ZoneId.systemDefault());

    public Optional<ProjectionInfo> projection(String name) {
        return projections.stream().filter(p -> p.projection().equals(name)).findFirst();
    }

    /** Shadow builds whose builder died (no session holds their build lock): the next migrate resumes them. */
    public List<BuildProgress> abandonedBuilds() {
        return projections.stream().map(ProjectionInfo::build).filter(b -> b != null && !b.active()).toList();
    }

    public String toTable() {
        List<String[]> rows = new ArrayList<>();
        // the column only when a projection waits, so that the usual table stays as narrow as Flyway's
        boolean waits = projections.stream().anyMatch(p -> p.waitingOn().isPresent());
        rows.add(waits ? new String[]{"Projection", "Version", "Description", "State", "Built on", "Events", "Position", "Lag",
                "Waiting on"} : new String[]{"Projection", "Version", "Description", "State", "Built on", "Events", "Position", "Lag"});
        for (ProjectionInfo p : projections) {
            String[] row = {
                    p.projection(),
                    version(p),
                    p.description() == null ? "" : p.description(),
                    p.state().name(),
                    p.builtOn() == null ? "" : BUILT_ON.format(p.builtOn()),
                    p.builtVersion() == null ? "" : Long.toString(p.eventsApplied()),
                    p.builtVersion() == null ? "" : Long.toString(p.position()),
                    p.builtVersion() == null ? "" : Long.toString(p.lag())};
            rows.add(waits ? java.util.stream.Stream.concat(java.util.Arrays.stream(row),
                    java.util.stream.Stream.of(p.waitingOn().orElse(""))).toArray(String[]::new) : row);
        }
        String table = TextTable.render(rows, "No projections found");
        // Below the table rather than in a column of it, so that the table keeps Flyway's columns.
        StringBuilder builds = new StringBuilder();
        for (ProjectionInfo p : projections) {
            if (p.build() != null) {
                builds.append(System.lineSeparator()).append(p.projection()).append(": ").append(p.build().describe());
            }
        }
        return builds.length() == 0 ? table : table + builds;
    }

    private static String version(ProjectionInfo p) {
        if (p.declaredVersion() == null) {
            return String.valueOf(p.builtVersion());
        }
        if (p.builtVersion() == null || p.builtVersion().equals(p.declaredVersion())) {
            return String.valueOf(p.declaredVersion());
        }
        return p.builtVersion() + " -> " + p.declaredVersion();
    }

    /** This result as JSON (see the README's "Machine-readable output"): every projection of {@link #projections()} with its {@link ProjectionInfo} fields ({@code waitingOn} null when nothing holds it back), and {@code headPosition}. */
    public String toJson() {
        return ResultJson.write(this);
    }
}

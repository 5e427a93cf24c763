package dev.refold.internal.plan;

import dev.refold.internal.history.Checkpoint;
import dev.refold.internal.history.HistoryEntry;
import dev.refold.internal.projection.ProjectionDefinition;
import dev.refold.result.ProjectionState;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Compares what is declared in code with what was built, and says what each projection's state is. */
public final class ProjectionPlanner {
    private ProjectionPlanner() {
    }

    public static List<ProjectionStatus> statuses(List<ProjectionDefinition> declared, List<HistoryEntry> history,
                                                  List<Checkpoint> checkpoints) {
        Map<String, Checkpoint> live = new HashMap<>();
        for (Checkpoint c : checkpoints) {
            if (Checkpoint.LIVE.equals(c.target())) {
                live.put(c.projection(), c);
            }
        }
        Map<String, HistoryEntry> lastSuccess = new HashMap<>();
        Map<String, HistoryEntry> lastAttempt = new HashMap<>();
        for (HistoryEntry h : history) {
            lastAttempt.put(h.projection(), h);
            if (h.success()) {
                lastSuccess.put(h.projection(), h);
            }
        }
        Map<String, ProjectionStatus> result = new LinkedHashMap<>();
        for (ProjectionDefinition d : declared) {
            Checkpoint serving = live.get(d.name());
            HistoryEntry attempt = lastAttempt.get(d.name());
            HistoryEntry failure = attempt != null && !attempt.success() ? attempt : null;
            result.put(d.name(), new ProjectionStatus(d.name(), d, state(d, serving, failure), serving, lastSuccess.get(d.name()), failure));
        }
        for (Checkpoint c : live.values()) {
            if (!result.containsKey(c.projection())) {
                result.put(c.projection(), new ProjectionStatus(c.projection(), null, ProjectionState.ORPHANED, c,
                        lastSuccess.get(c.projection()), null));
            }
        }
        return new ArrayList<>(result.values());
    }

    private static ProjectionState state(ProjectionDefinition declared, Checkpoint serving, HistoryEntry failure) {
        if (failure != null || (serving != null && serving.failed())) {
            return ProjectionState.FAILED;
        }
        if (serving == null) {
            return ProjectionState.PENDING;
        }
        if (declared.version() > serving.version()) {
            return ProjectionState.OUTDATED;
        }
        if (declared.version() < serving.version()) {
            return ProjectionState.FUTURE;
        }
        return declared.checksum().equals(serving.checksum()) ? ProjectionState.CURRENT : ProjectionState.CHANGED;
    }

    /** What {@code validate} rejects, one message per projection, each saying what to do. */
    public static List<String> problems(List<ProjectionStatus> statuses, boolean allowDowngrade, boolean includeFailed) {
        List<String> problems = new ArrayList<>();
        for (ProjectionStatus s : statuses) {
            ProjectionDefinition d = s.definition();
            if (d != null && d.problem() != null) {
                problems.add(d.problem());
                continue;
            }
            switch (s.state()) {
                case CHANGED -> problems.add("projection " + s.name() + " changed since version " + s.live().version()
                        + " was built: bump its version, or run repair if the change cannot alter its output");
                case FUTURE -> {
                    if (!allowDowngrade) {
                        problems.add("projection " + s.name() + " is built at version " + s.live().version()
                                + " but the code declares version " + d.version()
                                + ": Refold does not downgrade unless refold.allowDowngrade=true");
                    }
                }
                case FAILED -> {
                    if (includeFailed) {
                        problems.add("projection " + s.name() + " failed: " + failureMessage(s)
                                + " (fix it and migrate again, or run repair to clear the failure)");
                    }
                }
                default -> {
                }
            }
        }
        return problems;
    }

    static String failureMessage(ProjectionStatus s) {
        if (s.lastFailure() != null) {
            return "version " + s.lastFailure().version() + ": " + s.lastFailure().error();
        }
        return s.live() == null ? "unknown" : s.live().failure();
    }
}

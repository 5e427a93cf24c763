package dev.refold.spring.boot.autoconfigure;

import dev.refold.Refold;
import dev.refold.result.InfoResult;
import dev.refold.result.ProjectionInfo;
import dev.refold.result.ProjectionState;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * What Refold's health indicator reports, apart from Spring Boot's health types: Boot 3 and Boot 4 keep those in
 * different packages ({@code org.springframework.boot.actuate.health}, {@code org.springframework.boot.health.contributor}),
 * so each has a thin indicator over this one check.
 *
 * <p>UP when this instance's code may serve every declared projection ({@link Refold#isReady}); OUT_OF_SERVICE
 * while one is not built from this code yet, or is being rebuilt here (with its progress); DOWN when one FAILED. A
 * build of a newer version on another instance does not take this one out of service: it goes on serving the
 * version its code declares until the swap. Each projection's state, versions, lag and any build in progress are
 * in the details.
 */
final class RefoldHealth {
    enum State { UP, OUT_OF_SERVICE, DOWN }

    record Report(State state, Map<String, Object> details) {
    }

    private RefoldHealth() {
    }

    static Report check(Refold refold, RefoldActivity activity) {
        Map<String, RefoldActivity.Building> building = activity.building();
        InfoResult info = refold.info();
        Map<String, Object> projections = new LinkedHashMap<>();
        boolean failed = false;
        boolean serving = true;
        for (ProjectionInfo p : info.projections()) {
            if (p.state() == ProjectionState.ORPHANED) {
                continue;
            }
            Map<String, Object> details = new LinkedHashMap<>();
            details.put("state", p.state().name());
            details.put("version", p.declaredVersion());
            details.put("builtVersion", p.builtVersion());
            details.put("lag", p.lag());
            RefoldActivity.Building build = building.get(p.projection());
            if (build != null) {
                details.put("building", Map.of("version", build.version(), "progress", build.fractionDone()));
            }
            if (p.build() != null) {
                details.put("build", p.build().describe());
            }
            if (p.failure() != null) {
                details.put("failure", p.failure());
            }
            projections.put(p.projection(), details);
            failed |= p.state() == ProjectionState.FAILED;
            serving &= build == null && refold.isReady(p.projection());
        }
        Map<String, Object> details = new LinkedHashMap<>();
        details.put("headPosition", info.headPosition());
        details.put("projections", projections);
        return new Report(failed ? State.DOWN : serving ? State.UP : State.OUT_OF_SERVICE, details);
    }
}

package dev.refold.spring.boot.autoconfigure;

import dev.refold.Refold;
import dev.refold.result.InfoResult;
import dev.refold.result.ProjectionInfo;
import dev.refold.result.ProjectionState;
import org.springframework.boot.actuate.health.AbstractHealthIndicator;
import org.springframework.boot.actuate.health.Health;
import org.springframework.boot.actuate.health.Status;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * UP when every declared projection is CURRENT; OUT_OF_SERVICE while one is being rebuilt (with its progress)
 * or is not built from this code yet; DOWN when one FAILED. Each projection's state, versions and lag are in
 * the details.
 */
public class RefoldHealthIndicator extends AbstractHealthIndicator {
    private final Refold refold;
    private final RefoldActivity activity;

    public RefoldHealthIndicator(Refold refold, RefoldActivity activity) {
        super("Refold health check failed");
        this.refold = refold;
        this.activity = activity;
    }

    @Override
    protected void doHealthCheck(Health.Builder builder) {
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
            if (p.failure() != null) {
                details.put("failure", p.failure());
            }
            projections.put(p.projection(), details);
            failed |= p.state() == ProjectionState.FAILED;
            serving &= p.state() == ProjectionState.CURRENT && build == null;
        }
        Status status = failed ? Status.DOWN : serving ? Status.UP : Status.OUT_OF_SERVICE;
        builder.status(status).withDetail("headPosition", info.headPosition()).withDetail("projections", projections);
    }
}

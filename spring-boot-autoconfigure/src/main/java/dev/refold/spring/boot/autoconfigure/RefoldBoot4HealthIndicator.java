package dev.refold.spring.boot.autoconfigure;

import dev.refold.Refold;
import org.springframework.boot.health.contributor.AbstractHealthIndicator;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.Status;

/**
 * Refold's health ({@link RefoldHealth}) as a Spring Boot 4 health indicator: Boot 4 moved the health types to
 * {@code org.springframework.boot.health.contributor} (module {@code spring-boot-health}).
 */
public class RefoldBoot4HealthIndicator extends AbstractHealthIndicator {
    private final Refold refold;
    private final RefoldActivity activity;

    public RefoldBoot4HealthIndicator(Refold refold, RefoldActivity activity) {
        super("Refold health check failed");
        this.refold = refold;
        this.activity = activity;
    }

    @Override
    protected void doHealthCheck(Health.Builder builder) {
        RefoldHealth.Report report = RefoldHealth.check(refold, activity);
        Status status = switch (report.state()) {
            case UP -> Status.UP;
            case OUT_OF_SERVICE -> Status.OUT_OF_SERVICE;
            case DOWN -> Status.DOWN;
        };
        builder.status(status).withDetails(report.details());
    }
}

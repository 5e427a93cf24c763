package dev.refold.spring.boot.autoconfigure;

import dev.refold.Refold;
import org.springframework.boot.actuate.health.AbstractHealthIndicator;
import org.springframework.boot.actuate.health.Health;
import org.springframework.boot.actuate.health.Status;

/** Refold's health ({@link RefoldHealth}) as a Spring Boot 3 health indicator. */
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
        RefoldHealth.Report report = RefoldHealth.check(refold, activity);
        Status status = switch (report.state()) {
            case UP -> Status.UP;
            case OUT_OF_SERVICE -> Status.OUT_OF_SERVICE;
            case DOWN -> Status.DOWN;
        };
        builder.status(status).withDetails(report.details());
    }
}

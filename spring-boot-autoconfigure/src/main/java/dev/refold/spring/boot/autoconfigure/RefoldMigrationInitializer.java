package dev.refold.spring.boot.autoconfigure;

import dev.refold.Refold;
import org.springframework.beans.factory.InitializingBean;

/**
 * Runs Refold's startup work when the context creates it, as Boot's {@code FlywayMigrationInitializer}: the
 * beans that use the database ({@code JdbcTemplate}, jOOQ's {@code DSLContext}, ...) are created after it
 * (see {@link RefoldDatabaseInitializerDetector}).
 */
public class RefoldMigrationInitializer implements InitializingBean {
    private final Refold refold;
    private final RefoldMigrationStrategy strategy;

    /** @param strategy what to run; null runs {@code startup} */
    public RefoldMigrationInitializer(Refold refold, RefoldMigrationStrategy strategy, RefoldStartup startup) {
        this.refold = refold;
        this.strategy = strategy != null ? strategy : forStartup(startup);
    }

    private static RefoldMigrationStrategy forStartup(RefoldStartup startup) {
        return switch (startup) {
            case MIGRATE -> Refold::migrate;
            case VALIDATE -> Refold::validate;
            case NONE -> refold -> {
            };
        };
    }

    @Override
    public void afterPropertiesSet() {
        strategy.migrate(refold);
    }
}

package dev.refold.spring.boot.autoconfigure;

import dev.refold.Refold;
import org.springframework.boot.sql.init.dependency.AbstractBeansOfTypeDatabaseInitializerDetector;

import java.util.Set;

/**
 * Tells Boot that Refold initializes the database: every bean Boot knows to depend on database
 * initialization ({@code JdbcTemplate}, jOOQ's {@code DSLContext}, ...) waits for Refold's migration, as it
 * waits for Flyway or Liquibase. The {@link Refold} bean counts too, because loading it applies Refold's own
 * schema.
 *
 * <p>Ordered after Flyway's and Liquibase's detectors (order 0), so the application's migrations run first: a
 * changelog that includes Refold's has created Refold's tables before Refold looks for them, and projections
 * may read the application's tables.
 */
public class RefoldDatabaseInitializerDetector extends AbstractBeansOfTypeDatabaseInitializerDetector {

    @Override
    protected Set<Class<?>> getDatabaseInitializerBeanTypes() {
        return Set.of(Refold.class, RefoldMigrationInitializer.class);
    }

    @Override
    public int getOrder() {
        return 100;
    }
}

package dev.refold.spring.boot.autoconfigure;

import dev.refold.Refold;

/**
 * What to do with Refold at startup instead of {@code refold.migrate()}, as Boot's
 * {@code FlywayMigrationStrategy}: declare one as a bean to repair first, validate only, migrate on a
 * schedule of your own, or nothing. It runs before the beans that use the database are created.
 */
@FunctionalInterface
public interface RefoldMigrationStrategy {

    void migrate(Refold refold);
}

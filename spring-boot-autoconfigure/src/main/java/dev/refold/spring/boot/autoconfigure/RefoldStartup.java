package dev.refold.spring.boot.autoconfigure;

/** What Refold does when the application starts ({@code refold.startup}), unless a {@link RefoldMigrationStrategy} bean decides. */
public enum RefoldStartup {
    /** Build what is pending or outdated and catch up the rest (the default). */
    MIGRATE,
    /** Only check that the read models match the code; fail the startup if not. Changes nothing. */
    VALIDATE,
    /** Nothing: migrations run elsewhere (a release job, {@code mvn refold:migrate}). */
    NONE
}

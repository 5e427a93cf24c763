/**
 * One class per operation of the public API ({@code migrate}, {@code info}/{@code validate}, {@code rebuild},
 * {@code repair}, {@code verify}), after Flyway's one command class per operation, and the migration lock they run
 * under. A command reads the statuses, asks {@code internal.plan} what to do and carries it out with
 * {@code internal.build} and {@code internal.replay}; it holds no state between calls.
 */
package dev.refold.internal.command;

/**
 * Pure decisions, no database: history and checkpoints against the declared projections give each projection's
 * state ({@code ProjectionPlanner}), the problems that stop {@code validate} and {@code migrate}, and the action
 * {@code migrate} takes for each ({@code PlannedAction}: build, catch up, drop an orphan, nothing).
 */
package dev.refold.internal.plan;

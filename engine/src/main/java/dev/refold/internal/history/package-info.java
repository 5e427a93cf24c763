/**
 * Refold's record of what was built: {@code ProjectionHistory} ({@code refold.projection_history}, one row per build,
 * as {@code flyway_schema_history}) and {@code Checkpoints} ({@code refold.projection_checkpoints}: where each target
 * of each projection stands, moved only from where its writer saw it).
 */
package dev.refold.internal.history;

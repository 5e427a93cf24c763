/**
 * Waiting for and hearing from a replay's helper threads (the log reader and the statement sender), shared by
 * {@code internal.log} and {@code internal.statements} so that neither depends on the other.
 */
package dev.refold.internal.threads;

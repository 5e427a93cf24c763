/**
 * Write-behind: during a handler-style rebuild, reads each jOOQ statement through its query object model before it
 * is rendered ({@code WriteInterpreter}, {@code QueryParts}, {@code QueryInternals}), holds the rows it can follow
 * exactly in memory ({@code HeldTable}) for the tables {@code TableCatalog} finds safe, and copies them in at its
 * checkpoints ({@code HeldRows}). It implements {@code statements.StatementGate}; anything it cannot follow goes to
 * the database, which keeps every error PostgreSQL's own.
 */
package dev.refold.internal.writebehind;

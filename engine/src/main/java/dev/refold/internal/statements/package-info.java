/**
 * Deferral: handlers write through a connection that defers every update, prepares each distinct SQL once on the
 * server ({@code StatementShape}), and sends chunks of writes in log order, by one call of the PL/pgSQL apply
 * function ({@code ApplyFunction}) or as {@code EXECUTE} batches, on a sender thread. A read flushes first. What may
 * stand in front of the statements is one interface, {@code StatementGate}; this package knows nothing of what
 * implements it.
 */
package dev.refold.internal.statements;

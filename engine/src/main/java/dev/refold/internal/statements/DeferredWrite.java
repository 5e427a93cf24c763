package dev.refold.internal.statements;

/** One deferred execution of a shape: each parameter as PostgreSQL's text form, or null for NULL. */
record DeferredWrite(StatementShape shape, String[] values) {
}

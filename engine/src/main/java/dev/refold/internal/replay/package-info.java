/**
 * The run loop that streams the log into one target. {@code ReplayEngine} owns the connections; {@code ReplayRun}
 * reads passes up to the horizon and hands each to one {@code BatchWriter}: {@code StatementBatches} (every statement
 * to the database, through {@code internal.statements}), {@code WriteBehindBatches} (rows held by
 * {@code internal.writebehind}) or {@code FoldBatches} (fold-style rows in {@code FoldBuffer}). Handlers are called,
 * and their failures wrapped, in {@code HandlerInvoker} only; {@code CheckpointCursor} owns the state the replay and
 * sender threads share, and says how. {@code ReplayTarget.live(..)} and {@code .build(..)} name where it writes.
 */
package dev.refold.internal.replay;

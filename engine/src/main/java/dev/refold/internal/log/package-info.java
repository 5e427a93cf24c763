/**
 * Every read of the log, and the log's writes: {@code JdbcEventLog} (append, per-stream reads),
 * {@code CommitSafeLog} (the horizon, the head, and the read in (transaction id, position) order below
 * {@code pg_snapshot_xmin(pg_current_snapshot())} that replays and catch-up use), {@code DecodedLog} (that read on a
 * thread of its own, a few batches ahead), and decoding ({@code EventCodec}, {@code EventTypeRegistry},
 * {@code UpcasterChain}).
 */
package dev.refold.internal.log;

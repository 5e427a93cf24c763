package dev.refold.internal.replay;

import dev.refold.internal.log.DecodedLog;

import java.sql.SQLException;

/**
 * How one pass of a replay writes what its handlers do, and when the checkpoint commits with it. Three ways:
 * {@link StatementBatches} (every statement goes to the database, deferred and sent in chunks),
 * {@link WriteBehindBatches} (a handler-style rebuild's rows held in memory, copied in at its checkpoints) and
 * {@link FoldBatches} (a fold-style rebuild's rows in memory, copied in at flushes). The run loop
 * ({@link ReplayRun}) picks one, and swaps write-behind for statements if write-behind is abandoned.
 */
interface BatchWriter {
    /** Applies the pass's events and commits them with the checkpoint; false when it stopped at the batch limit. */
    boolean write(DecodedLog log) throws SQLException;

    /**
     * Whether the reading thread decodes the JSON too: yes where the replay thread is the busy one (handlers);
     * a fold decodes on the replay thread, as there the reading thread is the busy one.
     */
    default boolean decodeAhead() {
        return true;
    }
}

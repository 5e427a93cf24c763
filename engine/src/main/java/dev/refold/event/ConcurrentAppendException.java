package dev.refold.event;

import dev.refold.RefoldException;

/**
 * An append in the caller's transaction ({@link EventLog#on(java.sql.Connection)}) found that another
 * transaction appended to the same stream and committed after the caller's transaction had been given its id
 * (by an earlier write). Stored after it, the event would be read before that one, out of stream order.
 * Nothing was written, and the caller's transaction is still usable, but the append cannot succeed in it:
 * roll the transaction back and retry it, as after a serialization failure.
 */
public class ConcurrentAppendException extends RefoldException {
    private final String streamId;

    public ConcurrentAppendException(String streamId) {
        super("Append to stream '" + streamId + "' in the caller's transaction: another transaction appended to the"
                + " stream after this one began writing, so this event would be read before that one."
                + " Roll back and retry the transaction.");
        this.streamId = streamId;
    }

    public String streamId() {
        return streamId;
    }
}

package dev.refold.event;

import dev.refold.RefoldException;

/** An append's expected version did not match the stream's actual version. Nothing was written. */
public class StreamVersionConflictException extends RefoldException {
    private final String streamId;
    private final ExpectedVersion expected;
    private final long actual;

    public StreamVersionConflictException(String streamId, ExpectedVersion expected, long actual) {
        super("Stream '" + streamId + "' is at version " + (actual == 0 ? "none (no stream)" : actual)
                + " but the append expected " + expected);
        this.streamId = streamId;
        this.expected = expected;
        this.actual = actual;
    }

    public String streamId() {
        return streamId;
    }

    public ExpectedVersion expected() {
        return expected;
    }

    /** The stream's version when the append was tried; 0 when the stream did not exist. */
    public long actual() {
        return actual;
    }
}

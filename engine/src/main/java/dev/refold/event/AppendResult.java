package dev.refold.event;

import java.util.List;

/**
 * The outcome of an append.
 *
 * @param streamId      the stream appended to
 * @param positions     the global positions of the events, in the order given
 * @param streamVersion the stream's version after the append
 * @param duplicate     true when every event id was already stored: nothing was written, and the positions are the originals
 */
public record AppendResult(String streamId, List<Long> positions, long streamVersion, boolean duplicate) {
    public long lastPosition() {
        return positions.get(positions.size() - 1);
    }
}

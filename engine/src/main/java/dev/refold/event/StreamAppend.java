package dev.refold.event;

import java.util.List;
import java.util.Objects;

/**
 * One stream's part of a batch append ({@link EventLog#append(List)}): the stream, the version its appender
 * expects, and the events, each an event record or a {@link NewEvent}.
 */
public record StreamAppend(String streamId, ExpectedVersion expected, List<?> events) {
    public StreamAppend {
        Objects.requireNonNull(expected, "expected");
        events = List.copyOf(Objects.requireNonNull(events, "events"));
    }

    public static StreamAppend of(String streamId, ExpectedVersion expected, Object... events) {
        return new StreamAppend(streamId, expected, List.of(events));
    }

    public static StreamAppend of(String streamId, ExpectedVersion expected, List<?> events) {
        return new StreamAppend(streamId, expected, events);
    }
}

package dev.refold.event;

import java.util.List;
import java.util.function.BiFunction;
import java.util.function.Consumer;

/**
 * Refold's append-only log of events ({@code refold.events}). Events are plain Java records annotated with
 * {@link EventType}; Jackson writes them as jsonb.
 */
public interface EventLog {

    /**
     * Appends events to one stream atomically. Each element is an event record or a {@link NewEvent}.
     *
     * @throws StreamVersionConflictException when the stream's version is not {@code expected}
     */
    AppendResult append(String streamId, ExpectedVersion expected, List<?> events);

    default AppendResult append(String streamId, ExpectedVersion expected, Object... events) {
        return append(streamId, expected, List.of(events));
    }

    /** Every event of one stream, in stream order, upcast to current versions. */
    List<RecordedEvent<Object>> readStream(String streamId);

    /** Folds a stream into a state, which is how an application loads an aggregate. */
    default <S> S fold(String streamId, S initial, BiFunction<S, Object, S> step) {
        S state = initial;
        for (RecordedEvent<Object> e : readStream(streamId)) {
            state = step.apply(state, e.event());
        }
        return state;
    }

    /**
     * Streams the whole log after {@code afterPosition} in position order, {@code batchSize} rows at a time
     * from a server-side cursor, so memory stays bounded whatever the log's size.
     */
    void readAll(long afterPosition, int batchSize, Consumer<RecordedEvent<Object>> consumer);

    /** The highest position written so far, or 0 for an empty log. */
    long headPosition();
}

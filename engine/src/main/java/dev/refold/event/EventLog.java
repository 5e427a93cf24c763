package dev.refold.event;

import org.jooq.DSLContext;

import java.sql.Connection;
import java.util.List;
import java.util.function.BiFunction;
import java.util.function.Consumer;

/**
 * Refold's append-only log of events ({@code refold.events}). Events are plain Java records annotated with
 * {@link EventType}; Jackson writes them as jsonb.
 *
 * <p>{@code refold.events()} runs each operation in a transaction of its own on Refold's connections. To
 * append in the same transaction as a business change, so that both commit or roll back together, bind the
 * log to the caller's connection with {@link #on(Connection)} or {@link #on(DSLContext)}.
 */
public interface EventLog {

    /**
     * The same log, with every operation on {@code connection}. When the connection has a transaction open
     * (autocommit off), appends and reads join it: the events commit or roll back with the caller's work, and
     * reads see the caller's uncommitted appends. Refold never commits, rolls back or changes the autocommit of
     * that transaction, and never closes the connection. Expected versions and idempotent retries (the same
     * event ids return the original positions) hold as on Refold's own connections; an append that must recover
     * from a concurrent one sets a savepoint and releases it. In autocommit mode each operation runs in a
     * transaction Refold opens and ends on the connection, which is left in autocommit mode.
     *
     * @throws ConcurrentAppendException (from {@code append}) when the caller's transaction must be retried
     */
    EventLog on(Connection connection);

    /**
     * The same log on a jOOQ context's connections, as {@link #on(Connection)}: each operation acquires a
     * connection from its {@link org.jooq.ConnectionProvider} and releases it after. Inside
     * {@code dsl.transaction(c -> refold.events().on(c.dsl()) ...)}, or with Spring Boot's jOOQ context inside a
     * {@code @Transactional} method, that is the transaction's connection.
     */
    EventLog on(DSLContext dsl);

    /**
     * Appends events to one stream atomically. Each element is an event record or a {@link NewEvent}.
     *
     * @throws StreamVersionConflictException when the stream's version is not {@code expected}
     */
    AppendResult append(String streamId, ExpectedVersion expected, List<?> events);

    default AppendResult append(String streamId, ExpectedVersion expected, Object... events) {
        return append(streamId, expected, List.of(events));
    }

    /**
     * Appends to many streams in one transaction: all of them or none. Each stream has its own expected version,
     * checked as {@link #append(String, ExpectedVersion, List)} checks it; when one fails, the exception names
     * that stream and nothing of the batch is appended. Idempotent retries hold per stream: a part whose event
     * ids are all stored already returns its original positions (a {@code duplicate} result) and writes nothing.
     * On a caller's connection ({@link #on(Connection)}) the batch joins the caller's transaction as a single
     * append does.
     *
     * <p>The events go in as one insert, ordered by stream id (so that two batches over the same streams cannot
     * deadlock), and take their positions in that order; within a stream they keep the order given.
     *
     * @return one result per part, in the order given
     * @throws StreamVersionConflictException when a stream's version is not its part's expected one
     * @throws ConcurrentAppendException in a caller's transaction, when another transaction appended to one of
     *                                   the streams after the caller's began writing
     * @throws IllegalArgumentException  when the batch is empty, a part has no events, a stream appears twice or
     *                                   an event id twice
     */
    List<AppendResult> append(List<StreamAppend> appends);

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
     * Streams the events after {@code afterPosition} that had committed when the call began, in position order,
     * {@code batchSize} rows at a time from a server-side cursor, so memory stays bounded whatever the log's size.
     * It is one consistent snapshot: an export, an audit, a one-off read.
     *
     * <p>It is <b>not</b> a way to tail the log. Positions are taken when a transaction appends, not when it
     * commits, so an event with a lower position can commit after one with a higher position was read; calling
     * this again from the last position seen would skip it. Projections are kept up to date in commit-safe order
     * (by transaction id, below the oldest transaction still running) by {@code Refold.migrate()} and
     * {@code Refold.start()}; follow the log through a projection, not through this method.
     */
    void readAll(long afterPosition, int batchSize, Consumer<RecordedEvent<Object>> consumer);

    /** The highest position written so far, or 0 for an empty log. */
    long headPosition();
}

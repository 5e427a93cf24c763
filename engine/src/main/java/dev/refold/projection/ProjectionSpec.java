package dev.refold.projection;

import org.jooq.Table;
import org.jooq.UpdatableRecord;

/** What a projection registers in {@link Projection#define(ProjectionSpec)}. */
public interface ProjectionSpec {
    /** Handles every event of this type, during rebuilds and live catch-up alike. */
    <E> ProjectionSpec on(Class<E> eventType, EventHandler<? super E> handler);

    /**
     * Handles the event only when it is applied live, never while a rebuild replays the log: for side
     * effects such as sending an email.
     */
    <E> ProjectionSpec onLive(Class<E> eventType, EventHandler<? super E> handler);

    /**
     * Makes this a fold-style projection over {@code table} (a generated jOOQ table with a one-column primary
     * key). A projection has either {@link #on} handlers or one fold; {@link #onLive} goes with both.
     *
     * <pre>{@code
     * spec.fold(ORDER_SUMMARY)
     *     .on(OrderPlaced.class, OrderPlaced::orderId, (row, e, ctx) -> row.setCustomerId(e.customerId()))
     *     .on(ItemAdded.class, ItemAdded::orderId, (row, e, ctx) -> row.setItems(row.getItems() + 1));
     * }</pre>
     */
    <R extends UpdatableRecord<R>> FoldSpec<R> fold(Table<R> table);

    /**
     * A promise that no handler of this projection reads an update count: not the {@code int} of
     * {@code execute()}, not a batch's {@code int[]}, not {@code ExecuteContext.rows()}, not in code it calls.
     * Refold then defers every write of a rebuild and of live catch-up, and reports one row for each
     * ({@code java.sql.Statement.SUCCESS_NO_INFO} for each row of a batch), since it never learns the real count.
     *
     * <p>Without it, counts are exact: Refold proves from the projection's own bytecode that counts are dropped
     * (see the README, "Update counts") or runs each write whose count it cannot know at once. Declare it only
     * for handlers the proof cannot see through (a helper class that receives the DSL context). {@code verify}
     * checks the promise on its log: its from-scratch build ignores it and returns exact counts, its incremental
     * build counts as live catch-up does, so a handler that does read counts builds two read models and verify
     * fails.
     */
    ProjectionSpec ignoresUpdateCounts();
}

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
}

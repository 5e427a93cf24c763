package dev.refold.projection;

import java.util.function.Function;

/**
 * The handlers of a fold-style projection: each row of its table is the fold of the events that share its
 * primary key. Handlers only mutate the row's jOOQ record; Refold decides how rows reach the table — in
 * memory and by bulk COPY during a rebuild, loaded and upserted one key at a time when live.
 */
public interface FoldSpec<R> {
    /**
     * @param key     the row's primary key value for an event of this type
     * @param handler mutates the row; a new row arrives with only its primary key set
     */
    <E> FoldSpec<R> on(Class<E> eventType, Function<? super E, ?> key, FoldHandler<? super E, R> handler);
}

package dev.refold.projection;

/** Applies one event to the row it belongs to. It must not write to the database itself. */
@FunctionalInterface
public interface FoldHandler<E, R> {
    void apply(R row, E event, EventContext context) throws Exception;
}

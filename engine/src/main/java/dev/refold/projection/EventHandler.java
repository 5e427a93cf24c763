package dev.refold.projection;

/** Applies one event to a read model, inside the transaction Refold manages. */
@FunctionalInterface
public interface EventHandler<E> {
    void handle(E event, EventContext context) throws Exception;
}

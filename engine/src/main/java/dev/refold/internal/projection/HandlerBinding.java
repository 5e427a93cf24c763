package dev.refold.internal.projection;

import dev.refold.projection.EventHandler;

/** One registered handler: the event class it takes, and whether it may run while a rebuild replays. */
public record HandlerBinding(Class<?> eventClass, EventHandler<Object> handler, boolean liveOnly) {
}

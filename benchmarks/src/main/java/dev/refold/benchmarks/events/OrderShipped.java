package dev.refold.benchmarks.events;

import dev.refold.event.EventType;

import java.time.Instant;

/** The last event of every order stream. */
@EventType(name = "OrderShipped", version = 1)
public record OrderShipped(String orderId, Instant shippedAt) {
}

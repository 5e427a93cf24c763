package dev.refold.benchmarks.events;

import dev.refold.event.EventType;

import java.time.Instant;

/** The first event of every order stream. */
@EventType(name = "OrderPlaced", version = 1)
public record OrderPlaced(String orderId, String customerId, Instant placedAt) {
}

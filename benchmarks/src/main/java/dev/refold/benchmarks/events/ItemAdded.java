package dev.refold.benchmarks.events;

import dev.refold.event.EventType;

/** One line added to an order; an order gets eight of them. */
@EventType(name = "ItemAdded", version = 1)
public record ItemAdded(String orderId, String sku, int quantity, long priceCents) {
}

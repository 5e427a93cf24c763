package dev.refold.it.orders;

import dev.refold.event.EventType;

@EventType(name = "OrderShipped")
public record OrderShipped(String orderId) {
}

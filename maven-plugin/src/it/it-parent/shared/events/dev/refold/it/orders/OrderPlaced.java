package dev.refold.it.orders;

import dev.refold.event.EventType;

@EventType(name = "OrderPlaced")
public record OrderPlaced(String orderId, String customer) {
}

package dev.refold.spring.boot4;

import dev.refold.event.EventType;

@EventType(name = "OrderPlaced")
public record OrderPlaced(String orderId, int total) {
}

package dev.refold.spring.boot.autoconfigure.shop;

import dev.refold.event.EventType;

@EventType(name = "OrderPlaced")
public record OrderPlaced(String orderId, int total) {
}

package dev.refold.it.orders;

import dev.refold.event.EventType;

import java.math.BigDecimal;

@EventType(name = "ItemAdded")
public record ItemAdded(String orderId, String sku, int quantity, BigDecimal price) {
}

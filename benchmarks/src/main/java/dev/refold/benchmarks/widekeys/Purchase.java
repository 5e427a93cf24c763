package dev.refold.benchmarks.widekeys;

import dev.refold.event.EventType;

/** The wide-key workload's one event: a customer spent some cents. Customers are drawn uniformly. */
@EventType(name = "Purchase")
public record Purchase(String customerId, long cents) {
}

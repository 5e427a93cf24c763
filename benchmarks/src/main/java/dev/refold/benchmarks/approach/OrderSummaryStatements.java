package dev.refold.benchmarks.approach;

import dev.refold.benchmarks.readmodel.OrderSummary;
import dev.refold.benchmarks.readmodel.OrderSummaryTable;

/** The three statements a hand-written handler runs against order_summary, one per event type. */
final class OrderSummaryStatements {
    final String insertPlaced;
    final String addItem;
    final String ship;

    OrderSummaryStatements(OrderSummaryTable table) {
        String name = table.qualifiedName();
        insertPlaced = "insert into " + name + " (order_id, customer_id, items, total_cents, placed_at, status)"
                + " values (?, ?, 0, 0, ?, '" + OrderSummary.PLACED + "')";
        addItem = "update " + name + " set items = items + ?, total_cents = total_cents + ? where order_id = ?";
        ship = "update " + name + " set shipped_at = ?, status = '" + OrderSummary.SHIPPED + "' where order_id = ?";
    }
}

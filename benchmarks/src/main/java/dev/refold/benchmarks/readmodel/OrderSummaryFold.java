package dev.refold.benchmarks.readmodel;

import dev.refold.benchmarks.events.ItemAdded;
import dev.refold.benchmarks.events.OrderPlaced;
import dev.refold.benchmarks.events.OrderShipped;
import dev.refold.benchmarks.log.CopyText;

import java.io.IOException;
import java.io.Writer;
import java.util.HashMap;
import java.util.Map;

/**
 * The read model's rules, folded in memory: what every other approach must reproduce row for row.
 * {@code items} counts units (the sum of quantities); {@code total_cents} is the sum of quantity × price.
 */
public final class OrderSummaryFold {
    private final Map<String, OrderSummary> orders;
    /** Customers place many orders: each customer id is stored once, not once per order. */
    private final Map<String, String> customerIds = new HashMap<>();

    public OrderSummaryFold(int expectedOrders) {
        // sized up front: rehashing a million-entry map mid-run is time the database is not to blame for
        this.orders = new HashMap<>((int) Math.min(Integer.MAX_VALUE / 2, expectedOrders / 0.75f + 1));
    }

    public void apply(Object event) {
        if (event instanceof OrderPlaced placed) {
            String customerId = customerIds.computeIfAbsent(placed.customerId(), id -> id);
            orders.put(placed.orderId(), new OrderSummary(placed.orderId(), customerId, placed.placedAt()));
        } else if (event instanceof ItemAdded item) {
            OrderSummary summary = existing(item.orderId(), item);
            summary.items += item.quantity();
            summary.totalCents += item.quantity() * item.priceCents();
        } else if (event instanceof OrderShipped shipped) {
            OrderSummary summary = existing(shipped.orderId(), shipped);
            summary.ship(shipped.shippedAt());
        } else {
            throw new IllegalArgumentException("order_summary does not handle " + event);
        }
    }

    private OrderSummary existing(String orderId, Object event) {
        OrderSummary summary = orders.get(orderId);
        if (summary == null) {
            throw new IllegalStateException(event + " arrived before its OrderPlaced");
        }
        return summary;
    }

    public int size() {
        return orders.size();
    }

    /** Writes every row in COPY text format, in the column order of {@link OrderSummaryTable#COLUMNS}. */
    public void writeCopyRows(Writer out) throws IOException {
        for (OrderSummary s : orders.values()) {
            CopyText.field(out, s.orderId);
            out.write('\t');
            CopyText.field(out, s.customerId);
            out.write('\t');
            out.write(Integer.toString(s.items));
            out.write('\t');
            out.write(Long.toString(s.totalCents));
            out.write('\t');
            out.write(OrderSummary.timestamp(s.placedAtMicros));
            out.write('\t');
            out.write(s.shipped() ? OrderSummary.timestamp(s.shippedAtMicros) : "\\N");
            out.write('\t');
            CopyText.field(out, s.status());
            out.write('\n');
        }
    }
}

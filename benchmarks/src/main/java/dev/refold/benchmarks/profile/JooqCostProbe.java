package dev.refold.benchmarks.profile;

import dev.refold.benchmarks.events.ItemAdded;
import dev.refold.benchmarks.events.OrderPlaced;
import dev.refold.benchmarks.events.OrderShipped;
import dev.refold.benchmarks.refold.BenchHandlerProjection;
import org.jooq.DSLContext;
import org.jooq.SQLDialect;
import org.jooq.conf.MappedSchema;
import org.jooq.conf.RenderMapping;
import org.jooq.conf.Settings;
import org.jooq.impl.DSL;
import org.jooq.tools.jdbc.MockConnection;
import org.jooq.tools.jdbc.MockResult;

import java.time.Instant;

/**
 * What one {@code execute()} of a handler-style projection's jOOQ statement costs the handler thread before any
 * database is involved: building the query, rendering its SQL, binding its values. The statements are the
 * benchmark projection's own ({@link BenchHandlerProjection}), under the settings Refold's replay uses,
 * executed against jOOQ's MockConnection so that nothing but jOOQ is measured. It bounds how fast one thread can
 * run such handlers, whatever the database does.
 *
 * <pre>java -cp "benchmarks/target/classes:$(cat benchmarks/target/classpath.txt)" dev.refold.benchmarks.profile.JooqCostProbe</pre>
 */
public final class JooqCostProbe {
    private JooqCostProbe() {
    }

    public static void main(String[] args) {
        System.setProperty("org.jooq.no-logo", "true");
        System.setProperty("org.jooq.no-tips", "true");
        Settings settings = new Settings().withExecuteLogging(false).withRenderSchema(true)
                .withRenderMapping(new RenderMapping().withSchemata(
                        new MappedSchema().withInput("bench_handler").withOutput("bench_handler_shadow")));
        DSLContext dsl = DSL.using(new MockConnection(context -> new MockResult[]{new MockResult(1)}), SQLDialect.POSTGRES, settings);
        int events = 1_000_000;
        for (int round = 1; round <= 3; round++) {
            long started = System.nanoTime();
            for (int i = 0; i < events; i++) {
                handle(dsl, i);
            }
            double micros = (System.nanoTime() - started) / 1000.0 / events;
            System.out.printf("round %d: %,d events (the benchmark's mix), %.2f µs of jOOQ per event = at most %,.0f events/s on one thread%n",
                    round, events, micros, 1_000_000 / micros);
        }
    }

    /** The benchmark's mix, through the benchmark projection's own statements: per order, one insert, eight items, one shipment. */
    private static void handle(DSLContext dsl, int i) {
        String order = "order-" + (i / 10);
        Instant at = Instant.ofEpochSecond(1_700_000_000L + i);
        switch (i % 10) {
            case 0 -> BenchHandlerProjection.placed(dsl, new OrderPlaced(order, "customer-" + (i % 977), at));
            case 9 -> BenchHandlerProjection.shipped(dsl, new OrderShipped(order, at));
            default -> BenchHandlerProjection.itemAdded(dsl, new ItemAdded(order, "sku-" + (i % 50), i % 3 + 1, 499));
        }
    }
}

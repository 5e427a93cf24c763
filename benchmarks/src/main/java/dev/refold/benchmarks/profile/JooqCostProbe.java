package dev.refold.benchmarks.profile;

import dev.refold.benchmarks.readmodel.OrderSummary;
import org.jooq.DSLContext;
import org.jooq.Field;
import org.jooq.Record;
import org.jooq.SQLDialect;
import org.jooq.Table;
import org.jooq.conf.MappedSchema;
import org.jooq.conf.RenderMapping;
import org.jooq.conf.Settings;
import org.jooq.impl.DSL;
import org.jooq.impl.SQLDataType;
import org.jooq.tools.jdbc.MockConnection;
import org.jooq.tools.jdbc.MockResult;

import java.time.Instant;

/**
 * What one {@code execute()} of a handler-style projection's jOOQ statement costs the handler thread before any
 * database is involved: building the query, rendering its SQL, binding its values. The statements are the
 * benchmark projection's (an order placed, eight items, a shipment), under the settings Refold's replay uses,
 * executed against jOOQ's MockConnection so that nothing but jOOQ is measured. It bounds how fast one thread can
 * run such handlers, whatever the database does.
 *
 * <pre>java -cp "benchmarks/target/classes:$(cat benchmarks/target/classpath.txt)" dev.refold.benchmarks.profile.JooqCostProbe</pre>
 */
public final class JooqCostProbe {
    private static final Table<Record> ORDER_SUMMARY = DSL.table(DSL.name("bench_handler", "order_summary"));
    private static final Field<String> ORDER_ID = DSL.field(DSL.name("order_id"), SQLDataType.VARCHAR);
    private static final Field<String> CUSTOMER_ID = DSL.field(DSL.name("customer_id"), SQLDataType.VARCHAR);
    private static final Field<Integer> ITEMS = DSL.field(DSL.name("items"), SQLDataType.INTEGER);
    private static final Field<Long> TOTAL_CENTS = DSL.field(DSL.name("total_cents"), SQLDataType.BIGINT);
    private static final Field<Instant> PLACED_AT = DSL.field(DSL.name("placed_at"), SQLDataType.INSTANT);
    private static final Field<Instant> SHIPPED_AT = DSL.field(DSL.name("shipped_at"), SQLDataType.INSTANT);
    private static final Field<String> STATUS = DSL.field(DSL.name("status"), SQLDataType.VARCHAR);

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

    /** The benchmark's mix: per order, one insert, eight item updates, one shipment. */
    private static void handle(DSLContext dsl, int i) {
        String order = "order-" + (i / 10);
        Instant at = Instant.ofEpochSecond(1_700_000_000L + i);
        switch (i % 10) {
            case 0 -> dsl.insertInto(ORDER_SUMMARY)
                    .columns(ORDER_ID, CUSTOMER_ID, ITEMS, TOTAL_CENTS, PLACED_AT, STATUS)
                    .values(order, "customer-" + (i % 977), 0, 0L, at, OrderSummary.PLACED)
                    .execute();
            case 9 -> dsl.update(ORDER_SUMMARY)
                    .set(SHIPPED_AT, at)
                    .set(STATUS, OrderSummary.SHIPPED)
                    .where(ORDER_ID.eq(order))
                    .execute();
            default -> dsl.update(ORDER_SUMMARY)
                    .set(ITEMS, ITEMS.plus(i % 3 + 1))
                    .set(TOTAL_CENTS, TOTAL_CENTS.plus((long) (i % 3 + 1) * 499))
                    .where(ORDER_ID.eq(order))
                    .execute();
        }
    }
}

package dev.refold.projection;

import dev.refold.Refold;
import dev.refold.event.EventLog;
import dev.refold.event.ExpectedVersion;
import dev.refold.fixtures.OrderEvents.ItemAdded;
import dev.refold.fixtures.OrderEvents.OrderPlaced;
import dev.refold.fixtures.OrderEvents.OrderShipped;
import dev.refold.fixtures.OrderTotalsProjection;
import dev.refold.result.VerifyResult;
import dev.refold.test.RefoldTest;
import dev.refold.test.TestDatabase;
import org.junit.jupiter.api.Test;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Map;
import java.util.TreeMap;

import static org.assertj.core.api.Assertions.assertThat;

@RefoldTest
class FoldProjectionTest {
    private static final int ORDERS = 40;

    /** Orders interleave, so a small buffer flushes rows whose orders later receive more events. */
    private static Map<String, String> appendOrders(EventLog log, int from, int to) {
        Map<String, String> expected = new TreeMap<>();
        for (int i = from; i < to; i++) {
            log.append("order-" + i, ExpectedVersion.noStream(), new OrderPlaced("order-" + i, "c" + (i % 7)));
        }
        for (int round = 1; round <= 3; round++) {
            for (int i = from; i < to; i++) {
                log.append("order-" + i, ExpectedVersion.exactly(round), new ItemAdded("order-" + i, "sku", round, 100L * i));
            }
        }
        for (int i = from; i < to; i++) {
            boolean shipped = i % 2 == 0;
            if (shipped) {
                log.append("order-" + i, ExpectedVersion.exactly(4), new OrderShipped("order-" + i));
            }
            expected.put("order-" + i, "c" + (i % 7) + "|6|" + (600L * i) + "|" + (shipped ? "t" : "f"));
        }
        return expected;
    }

    private static Map<String, String> summaries(TestDatabase db) throws SQLException {
        Map<String, String> rows = new TreeMap<>();
        try (Connection c = db.connect(); Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("select order_id, concat_ws('|', customer, items, total, shipped) from order_totals.summary")) {
            while (rs.next()) {
                rows.put(rs.getString(1), rs.getString(2));
            }
        }
        return rows;
    }

    @Test
    void aFoldRebuildWritesEachKeysFoldAndLiveCatchUpUpsertsOneKeyAtATime(TestDatabase db) throws SQLException {
        try (Refold refold = db.configure().projections(new OrderTotalsProjection()).foldBufferRows(3).batchSize(2).load()) {
            Map<String, String> expected = appendOrders(refold.events(), 0, ORDERS);
            assertThat(refold.migrate().built().get(0).eventsReplayed()).isEqualTo(ORDERS * 4 + ORDERS / 2);
            assertThat(summaries(db)).isEqualTo(expected);

            expected.putAll(appendOrders(refold.events(), ORDERS, ORDERS + 5));
            refold.events().append("order-1", ExpectedVersion.exactly(4), new ItemAdded("order-1", "sku", 1, 1));
            expected.put("order-1", "c1|7|601|f");
            assertThat(refold.migrate().eventsCaughtUp()).isEqualTo(5 * 4 + 3 + 1);
            assertThat(summaries(db)).isEqualTo(expected);
        }
    }

    /** A fold whose key function has a bug: it gives no key for orders of customer c3. */
    static final class NullKeyFold implements Projection {
        public String name() {
            return "order_totals";
        }

        public int version() {
            return 1;
        }

        public void define(ProjectionSpec spec) {
            spec.fold(dev.refold.fixtures.OrderTotalsTable.SUMMARY)
                    .on(OrderPlaced.class, e -> e.customer().equals("c3") ? null : e.orderId(), (row, e, ctx) -> {
                    });
        }
    }

    @Test
    void aNullFoldKeyFailsTheBuildNamingTheEvent(TestDatabase db) {
        try (Refold refold = db.configure().projections(new NullKeyFold()).load()) {
            appendOrders(refold.events(), 0, 4);
            org.assertj.core.api.Assertions.assertThatThrownBy(refold::migrate)
                    .isInstanceOf(dev.refold.ProjectionBuildException.class)
                    .hasMessageContaining("failed at event position 4 (OrderPlaced v1, stream order-3)")
                    .hasMessageContaining("the fold's key function returned null for this event");
        }
    }

    @Test
    void verifyFindsTheFromScratchAndIncrementalFoldsEqual(TestDatabase db) {
        try (Refold refold = db.configure().projections(new OrderTotalsProjection()).load()) {
            appendOrders(refold.events(), 0, ORDERS);
            VerifyResult result = refold.verify();
            assertThat(result.passed()).isTrue();
            assertThat(result.projections()).singleElement().satisfies(p -> {
                assertThat(p.eventsReplayed()).isEqualTo(ORDERS * 4 + ORDERS / 2);
                assertThat(p.fullDigest()).isEqualTo(p.incrementalDigest());
            });
        }
    }
}

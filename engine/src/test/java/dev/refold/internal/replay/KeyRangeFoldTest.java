package dev.refold.internal.replay;

import dev.refold.Refold;
import dev.refold.event.EventType;
import dev.refold.event.ExpectedVersion;
import dev.refold.projection.Projection;
import dev.refold.projection.ProjectionSpec;
import dev.refold.result.VerifyResult;
import dev.refold.test.RefoldTest;
import dev.refold.test.TestDatabase;
import org.jooq.TableField;
import org.jooq.UniqueKey;
import org.jooq.impl.DSL;
import org.jooq.impl.Internal;
import org.jooq.impl.SQLDataType;
import org.jooq.impl.TableImpl;
import org.jooq.impl.UpdatableRecordImpl;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.atomic.AtomicLong;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * A fold whose keys are revisited across the whole log, rebuilt with a row budget far below its key count, folds
 * range by range of buckets (KeyRangePasses): it must give exactly the read model a build with every key in memory
 * gives, and the one live-style catch-up gives, with each key's events in log order; a build interrupted in the
 * middle of its ranges resumes without applying anything twice. Time values are rendered in the JVM's zone, and
 * the test runs under UTC and Europe/Berlin (surefire's dst-zone execution), across a daylight-saving change.
 */
@RefoldTest
class KeyRangeFoldTest {
    private static final int CUSTOMERS = 600;
    private static final int PURCHASES = 3_000;
    private static final int TINY_BUDGET = 5;

    @EventType(name = "SpendPurchase")
    public record Purchase(String customerId, long cents, Instant at, int number) {
    }

    /** What jOOQ's generator makes of {@code customer_spend.spend}, by hand. */
    public static final class SpendTable extends TableImpl<SpendTable.SpendRecord> {
        public static final SpendTable SPEND = new SpendTable();
        public final TableField<SpendRecord, String> CUSTOMER_ID = createField(DSL.name("customer_id"), SQLDataType.CLOB.nullable(false), this);
        public final TableField<SpendRecord, Integer> PURCHASES = createField(DSL.name("purchases"), SQLDataType.INTEGER.nullable(false), this);
        public final TableField<SpendRecord, Long> CENTS = createField(DSL.name("cents"), SQLDataType.BIGINT.nullable(false), this);
        public final TableField<SpendRecord, OffsetDateTime> FIRST_AT = createField(DSL.name("first_at"), SQLDataType.TIMESTAMPWITHTIMEZONE, this);
        public final TableField<SpendRecord, OffsetDateTime> LAST_AT = createField(DSL.name("last_at"), SQLDataType.TIMESTAMPWITHTIMEZONE, this);
        public final TableField<SpendRecord, java.time.LocalDate> LAST_DAY = createField(DSL.name("last_day"), SQLDataType.LOCALDATE, this);
        public final TableField<SpendRecord, LocalDateTime> LAST_LOCAL = createField(DSL.name("last_local"), SQLDataType.LOCALDATETIME, this);
        public final TableField<SpendRecord, String> NUMBERS = createField(DSL.name("numbers"), SQLDataType.CLOB.nullable(false), this);

        private SpendTable() {
            super(DSL.name("spend"), DSL.schema(DSL.name("customer_spend")));
        }

        @Override
        public Class<SpendRecord> getRecordType() {
            return SpendRecord.class;
        }

        @Override
        public UniqueKey<SpendRecord> getPrimaryKey() {
            return Internal.createUniqueKey(this, DSL.name("spend_pkey"), CUSTOMER_ID);
        }

        public static final class SpendRecord extends UpdatableRecordImpl<SpendRecord> {
            public SpendRecord() {
                super(SPEND);
            }
        }
    }

    private static final SpendTable S = SpendTable.SPEND;

    /** One row per customer: count, sum, times in the JVM's zone, and the purchase numbers in the order folded. */
    public static class CustomerSpend implements Projection {
        /** Handler calls left before a simulated crash; negative: none. */
        static final AtomicLong callsBeforeCrash = new AtomicLong(-1);

        public String name() {
            return "customer_spend";
        }

        public int version() {
            return 1;
        }

        public void define(ProjectionSpec spec) {
            spec.fold(S).on(Purchase.class, Purchase::customerId, (row, e, ctx) -> {
                if (callsBeforeCrash.getAndDecrement() == 0) {
                    throw new SimulatedCrash();
                }
                OffsetDateTime at = e.at().atOffset(ZoneOffset.UTC);
                row.set(S.PURCHASES, row.get(S.PURCHASES) + 1);
                row.set(S.CENTS, row.get(S.CENTS) + e.cents());
                if (row.get(S.FIRST_AT) == null) {
                    row.set(S.FIRST_AT, at);
                }
                row.set(S.LAST_AT, at);
                row.set(S.LAST_DAY, e.at().atZone(ZoneId.systemDefault()).toLocalDate());
                row.set(S.LAST_LOCAL, LocalDateTime.ofInstant(e.at(), ZoneId.systemDefault()));
                row.set(S.NUMBERS, row.get(S.NUMBERS) + e.number() + ",");
            });
        }
    }

    /** Stands for the JVM dying: not an exception the replay handles, so the shadow and its checkpoints stay. */
    static final class SimulatedCrash extends Error {
    }

    /** Customers drawn uniformly, so every key comes back all along the log; times around the spring DST change. */
    private static void appendPurchases(Refold refold) {
        Random random = new Random(20261216L);
        Instant start = Instant.parse("2026-03-28T22:00:00Z");
        List<Object> batch = new ArrayList<>();
        for (int i = 0; i < PURCHASES; i++) {
            String customer = "customer-" + random.nextInt(CUSTOMERS);
            batch.add(new Purchase(customer, 1 + random.nextInt(10_000), start.plusSeconds(i * 2L).plusNanos(random.nextInt(1000) * 1000L), i));
            if (batch.size() == 100) {
                refold.events().append("purchases-" + i, ExpectedVersion.noStream(), batch);
                batch = new ArrayList<>();
            }
        }
    }

    private static String digest(TestDatabase db) throws SQLException {
        try (Connection c = db.connect(); Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("select count(*) || ' ' || md5(string_agg(t::text, E'\\n' order by t::text))"
                     + " from customer_spend.spend t")) {
            rs.next();
            return rs.getString(1);
        }
    }

    private static long bucketCheckpoints(TestDatabase db) throws SQLException {
        try (Connection c = db.connect(); Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("select count(*) from refold.bucket_checkpoints")) {
            rs.next();
            return rs.getLong(1);
        }
    }

    private static String inMemoryDigest(TestDatabase db) throws SQLException {
        try (Refold refold = db.configure().projections(new CustomerSpend()).foldBufferRows(1_000_000).load()) {
            appendPurchases(refold);
            refold.migrate();
        }
        String digest = digest(db);
        assertThat(Long.parseLong(digest.split(" ")[0])).isGreaterThan(CUSTOMERS * 9L / 10).isLessThanOrEqualTo(CUSTOMERS);
        return digest;
    }

    @Test
    void rangesOfBucketsGiveTheReadModelOfOnePassInMemoryAndOfLiveCatchUp(TestDatabase db) throws SQLException {
        String inMemory = inMemoryDigest(db);
        try (Refold refold = db.configure().projections(new CustomerSpend()).foldBufferRows(TINY_BUDGET).load()) {
            assertThat(refold.rebuild("customer_spend").eventsReplayed()).isEqualTo(PURCHASES);
            assertThat(digest(db)).isEqualTo(inMemory);
            assertThat(bucketCheckpoints(db)).isZero();

            // verify: its from-scratch build folds by ranges under the tiny budget, its incremental one writes as live does
            VerifyResult verified = refold.verify();
            assertThat(verified.passed()).as(verified.toString()).isTrue();
            assertThat(verified.projections()).singleElement().satisfies(p -> {
                assertThat(p.eventsReplayed()).isEqualTo(PURCHASES);
                assertThat(p.fullDigest()).isEqualTo(p.incrementalDigest());
            });
        }
    }

    /** Where the crash comes, as a share of the handler calls: early in the first range, and among the later ranges. */
    @ParameterizedTest
    @ValueSource(doubles = {0.001, 0.3, 0.9})
    void aBuildInterruptedAmongItsRangesResumesWithoutApplyingAnythingTwice(double crashAt, TestDatabase db) throws SQLException {
        String inMemory = inMemoryDigest(db);
        try (Refold refold = db.configure().projections(new CustomerSpend()).foldBufferRows(TINY_BUDGET).load()) {
            CustomerSpend.callsBeforeCrash.set((long) (PURCHASES * crashAt));
            try {
                assertThatThrownBy(() -> refold.rebuild("customer_spend")).isInstanceOf(SimulatedCrash.class);
            } finally {
                CustomerSpend.callsBeforeCrash.set(-1);
            }
            assertThat(digest(db)).as("the live read model serves until the swap").isEqualTo(inMemory);
            refold.rebuild("customer_spend");
            assertThat(digest(db)).isEqualTo(inMemory);
            assertThat(bucketCheckpoints(db)).isZero();
        }
    }
}

package dev.refold.internal.writebehind;

import dev.refold.ProjectionBuildException;
import dev.refold.Refold;
import dev.refold.event.EventType;
import dev.refold.event.ExpectedVersion;
import dev.refold.projection.Projection;
import dev.refold.projection.ProjectionSpec;
import dev.refold.result.BuildResult;
import dev.refold.result.ProjectionState;
import dev.refold.test.RefoldTest;
import dev.refold.test.TestDatabase;
import org.jooq.DSLContext;
import org.jooq.Field;
import org.jooq.Record;
import org.jooq.Table;
import org.jooq.impl.SQLDataType;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.EnumSource;

import java.math.BigDecimal;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.jooq.impl.DSL.coalesce;
import static org.jooq.impl.DSL.excluded;
import static org.jooq.impl.DSL.field;
import static org.jooq.impl.DSL.name;
import static org.jooq.impl.DSL.table;

/**
 * Write-behind holds a handler-style rebuild's rows in memory and copies them in. Whatever the handlers do — write
 * rows by key, read them back, write by some other condition, write rows they never created — the read model must
 * come out exactly as when every statement runs on the database, and a write PostgreSQL refuses must fail the
 * rebuild at its event with PostgreSQL's own message.
 */
@RefoldTest
class WriteBehindTest {
    static final Table<Record> ACCOUNT = table(name("ledger", "account"));
    static final Field<String> ID = field(name("id"), SQLDataType.CLOB);
    static final Field<String> OWNER = field(name("owner"), SQLDataType.CLOB);
    static final Field<Long> BALANCE = field(name("balance"), SQLDataType.BIGINT);
    static final Field<Integer> DEPOSITS = field(name("deposits"), SQLDataType.INTEGER);
    static final Field<BigDecimal> RATE = field(name("rate"), SQLDataType.NUMERIC(8, 2));
    static final Field<String> LABEL = field(name("label"), SQLDataType.VARCHAR(12));
    static final Field<OffsetDateTime> OPENED_AT = field(name("opened_at"), SQLDataType.TIMESTAMPWITHTIMEZONE);
    static final Field<OffsetDateTime> CLOSED_AT = field(name("closed_at"), SQLDataType.TIMESTAMPWITHTIMEZONE);
    static final Field<Boolean> FROZEN = field(name("frozen"), SQLDataType.BOOLEAN);
    static final Field<Double> SCORE = field(name("score"), SQLDataType.DOUBLE);

    static final Table<Record> DAILY = table(name("ledger", "daily"));
    static final Field<String> DAILY_ACCOUNT = field(name("account_id"), SQLDataType.CLOB);
    static final Field<LocalDate> DAY = field(name("day"), SQLDataType.LOCALDATE);
    static final Field<BigDecimal> AMOUNT = field(name("amount"), SQLDataType.NUMERIC);
    /** Qualified, as ON CONFLICT DO UPDATE needs it next to {@code excluded.amount}. */
    static final Field<BigDecimal> DAILY_AMOUNT = field(name("daily", "amount"), SQLDataType.NUMERIC);

    static final Table<Record> RATE_BAND = table(name("ledger", "rate_band"));
    static final Field<BigDecimal> BAND_RATE = field(name("rate"), SQLDataType.NUMERIC(6, 2));
    static final Field<Integer> BAND_ACCOUNTS = field(name("accounts"), SQLDataType.INTEGER);
    static final Table<Record> TALLY = table(name("ledger", "tally"));
    static final Field<String> TALLY_ID = field(name("id"), SQLDataType.CLOB);
    static final Field<Integer> TALLY_N = field(name("n"), SQLDataType.INTEGER);

    static final Table<Record> AUDIT = table(name("ledger", "audit_log"));
    static final Field<Long> POSITION = field(name("position"), SQLDataType.BIGINT);
    static final Field<String> AUDITED_ACCOUNT = field(name("account_id"), SQLDataType.CLOB);
    static final Field<Long> AUDITED_BALANCE = field(name("balance"), SQLDataType.BIGINT);

    @EventType(name = "Opened")
    public record Opened(String id, String owner, OffsetDateTime at, BigDecimal rate, String label) {
    }

    @EventType(name = "DayOpened")
    public record DayOpened(String id, LocalDate day) {
    }

    @EventType(name = "Deposited")
    public record Deposited(String id, long amount, LocalDate day) {
    }

    /** Adds to a day's amount, creating the day if needed: INSERT ... ON CONFLICT DO UPDATE. */
    @EventType(name = "DayTallied")
    public record DayTallied(String id, LocalDate day, long cents) {
    }

    /** Creates the account unless it exists: INSERT ... ON CONFLICT DO NOTHING, the other columns left to defaults. */
    @EventType(name = "Pinged")
    public record Pinged(String id, OffsetDateTime at) {
    }

    @EventType(name = "RateScaled")
    public record RateScaled(String id, BigDecimal factor) {
    }

    @EventType(name = "Scored")
    public record Scored(String id, double score) {
    }

    @EventType(name = "Relabelled")
    public record Relabelled(String id, String label) {
    }

    @EventType(name = "Closed")
    public record Closed(String id, OffsetDateTime at) {
    }

    @EventType(name = "Removed")
    public record Removed(String id) {
    }

    /** Reads the account's balance back (a write it may hold) and audits it. */
    @EventType(name = "Audited")
    public record Audited(String id) {
    }

    /** Audits how many accounts there are, as a RETURNING subquery of the audit row's INSERT tells. */
    @EventType(name = "Counted")
    public record Counted(String id) {
    }

    /** Freezes every account below a balance: an UPDATE that is not by key, after which the table is not held. */
    @EventType(name = "Swept")
    public record Swept(long below) {
    }

    /** The upsert with an unqualified column beside excluded.amount, which PostgreSQL refuses as ambiguous. */
    @EventType(name = "DayTalliedCarelessly")
    public record DayTalliedCarelessly(String id, LocalDate day, long cents) {
    }

    @EventType(name = "BandOpened")
    public record BandOpened(BigDecimal rate) {
    }

    /** Counts an account into the band whose rate equals this one, if there is such a band. */
    @EventType(name = "BandJoined")
    public record BandJoined(BigDecimal rate) {
    }

    /** ON CONFLICT ON CONSTRAINT naming a constraint the table does not have. */
    @EventType(name = "PingedByConstraint")
    public record PingedByConstraint(String id, String constraint) {
    }

    /** An upsert into tally, whose deferrable key PostgreSQL refuses as ON CONFLICT's arbiter. */
    @EventType(name = "Tallied")
    public record Tallied(String id) {
    }

    @EventType(name = "Broken")
    public record Broken(String why) {
    }

    public static class Ledger implements Projection {
        public String name() {
            return "ledger";
        }

        public int version() {
            return 1;
        }

        public void define(ProjectionSpec spec) {
            spec.on(Opened.class, (e, ctx) -> open(ctx.dsl(), e));
            spec.on(DayOpened.class, (e, ctx) -> ctx.dsl().insertInto(DAILY).columns(DAILY_ACCOUNT, DAY, AMOUNT)
                    .values(e.id(), e.day(), BigDecimal.ZERO).execute());
            spec.on(Deposited.class, (e, ctx) -> {
                ctx.dsl().update(ACCOUNT).set(BALANCE, BALANCE.plus(e.amount())).set(DEPOSITS, DEPOSITS.plus(1))
                        .where(ID.eq(e.id())).execute();
                ctx.dsl().update(DAILY).set(AMOUNT, AMOUNT.plus(BigDecimal.valueOf(e.amount(), 2)))
                        .where(DAILY_ACCOUNT.eq(e.id())).and(DAY.eq(e.day())).execute();
            });
            spec.on(DayTallied.class, (e, ctx) -> ctx.dsl().insertInto(DAILY).set(DAILY_ACCOUNT, e.id()).set(DAY, e.day())
                    .set(AMOUNT, BigDecimal.valueOf(e.cents(), 2))
                    .onConflict(DAILY_ACCOUNT, DAY).doUpdate().set(AMOUNT, DAILY_AMOUNT.plus(excluded(AMOUNT))).execute());
            spec.on(DayTalliedCarelessly.class, (e, ctx) -> ctx.dsl().insertInto(DAILY).set(DAILY_ACCOUNT, e.id()).set(DAY, e.day())
                    .set(AMOUNT, BigDecimal.valueOf(e.cents(), 2))
                    .onConflict(DAILY_ACCOUNT, DAY).doUpdate().set(AMOUNT, AMOUNT.plus(excluded(AMOUNT))).execute());
            spec.on(BandOpened.class, (e, ctx) -> ctx.dsl().insertInto(RATE_BAND).set(BAND_RATE, e.rate()).execute());
            spec.on(BandJoined.class, (e, ctx) -> ctx.dsl().update(RATE_BAND).set(BAND_ACCOUNTS, BAND_ACCOUNTS.plus(1))
                    .where(BAND_RATE.eq(e.rate())).execute());
            spec.on(PingedByConstraint.class, (e, ctx) -> ctx.dsl().insertInto(ACCOUNT).set(ID, e.id()).set(OWNER, "pinged")
                    .set(OPENED_AT, NOON).onConflictOnConstraint(org.jooq.impl.DSL.name(e.constraint())).doNothing().execute());
            spec.on(Tallied.class, (e, ctx) -> ctx.dsl().insertInto(TALLY).set(TALLY_ID, e.id()).set(TALLY_N, 1)
                    .onConflict(TALLY_ID).doUpdate().set(TALLY_N, field(org.jooq.impl.DSL.name("tally", "n"), SQLDataType.INTEGER).plus(1)).execute());
            spec.on(Pinged.class, (e, ctx) -> ctx.dsl().insertInto(ACCOUNT).set(ID, e.id()).set(OWNER, "pinged")
                    .set(OPENED_AT, e.at()).onConflictDoNothing().execute());
            spec.on(RateScaled.class, (e, ctx) -> ctx.dsl().update(ACCOUNT).set(RATE, RATE.times(e.factor())).where(ID.eq(e.id())).execute());
            spec.on(Scored.class, (e, ctx) -> ctx.dsl().update(ACCOUNT).set(SCORE, coalesce(SCORE, 0.0).times(0.5).plus(e.score()))
                    .where(ID.eq(e.id())).execute());
            spec.on(Relabelled.class, (e, ctx) -> ctx.dsl().update(ACCOUNT).set(LABEL, e.label()).where(ID.eq(e.id())).execute());
            spec.on(Closed.class, (e, ctx) -> ctx.dsl().update(ACCOUNT).set(CLOSED_AT, e.at()).set(FROZEN, true)
                    .where(ID.eq(e.id())).execute());
            spec.on(Removed.class, (e, ctx) -> ctx.dsl().deleteFrom(ACCOUNT).where(ID.eq(e.id())).execute());
            spec.on(Audited.class, (e, ctx) -> {
                Long balance = ctx.dsl().select(BALANCE).from(ACCOUNT).where(ID.eq(e.id())).fetchOne(BALANCE);
                ctx.dsl().insertInto(AUDIT).set(POSITION, ctx.position()).set(AUDITED_ACCOUNT, e.id())
                        .set(AUDITED_BALANCE, balance).execute();
            });
            spec.on(Counted.class, (e, ctx) -> {
                Integer accounts = ctx.dsl().insertInto(AUDIT).set(POSITION, ctx.position()).set(AUDITED_ACCOUNT, e.id())
                        .returningResult(org.jooq.impl.DSL.field(org.jooq.impl.DSL.selectCount().from(ACCOUNT))).fetchOne().value1();
                ctx.dsl().update(AUDIT).set(AUDITED_BALANCE, accounts.longValue()).where(POSITION.eq(ctx.position())).execute();
            });
            spec.on(Swept.class, (e, ctx) -> ctx.dsl().update(ACCOUNT).set(FROZEN, true).where(BALANCE.lt(e.below())).execute());
            spec.on(Broken.class, (e, ctx) -> {
                throw new IllegalStateException("the ledger cannot handle " + e.why());
            });
        }

        void open(DSLContext dsl, Opened e) {
            dsl.insertInto(ACCOUNT).set(ID, e.id()).set(OWNER, e.owner()).set(OPENED_AT, e.at()).set(RATE, e.rate())
                    .set(LABEL, e.label()).set(SCORE, 1.0).execute();
        }
    }

    /** The same read model, opening accounts with INSERT ... RETURNING, which write-behind cannot answer. */
    public static class LedgerWithReturning extends Ledger {
        @Override
        void open(DSLContext dsl, Opened e) {
            Record returned = dsl.insertInto(ACCOUNT).set(ID, e.id()).set(OWNER, e.owner()).set(OPENED_AT, e.at()).set(RATE, e.rate())
                    .set(LABEL, e.label()).set(SCORE, 1.0).returningResult(ID, OPENED_AT, BALANCE, RATE, ID).fetchOne();
            // the key (twice), a timestamp, a default and a rounded numeric, as the table holds them
            if (!e.id().equals(returned.get(0)) || !e.at().toInstant().equals(returned.get(OPENED_AT).toInstant())
                    || returned.get(BALANCE) != 0L || returned.get(RATE).compareTo(e.rate()) != 0 || !e.id().equals(returned.get(4))) {
                throw new IllegalStateException("RETURNING gave " + returned + " for " + e);
            }
        }
    }

    /** Opens accounts through a view of the account table. */
    public static class LedgerThroughAView extends Ledger {
        static final Table<Record> OPEN_ACCOUNT = table(org.jooq.impl.DSL.name("ledger", "open_account"));

        @Override
        void open(DSLContext dsl, Opened e) {
            dsl.insertInto(OPEN_ACCOUNT).set(ID, e.id()).set(OWNER, e.owner()).set(OPENED_AT, e.at()).set(RATE, e.rate())
                    .set(LABEL, e.label()).set(SCORE, 1.0).execute();
        }
    }

    /** Reads the account before every deposit: each read writes the held rows out first. */
    public static class LedgerReadingBeforeDeposits extends Ledger {
        @Override
        public void define(ProjectionSpec spec) {
            super.define(spec);
            spec.on(Deposited.class, (e, ctx) -> ctx.dsl().fetchCount(ACCOUNT, ID.eq(e.id())));
        }
    }

    /** Relabels, then tries another label inside a savepoint that it rolls back: the first label must stay. */
    public static class LedgerWithSavepoints extends Ledger {
        @Override
        public void define(ProjectionSpec spec) {
            super.define(spec);
            spec.on(Relabelled.class, (e, ctx) -> ctx.dsl().connection(c -> {
                java.sql.Savepoint savepoint = c.setSavepoint();
                ctx.dsl().update(ACCOUNT).set(LABEL, "undone").where(ID.eq(e.id())).execute();
                c.rollback(savepoint);
            }));
        }
    }

    /** A time PostgreSQL stores exactly (no nanoseconds), so that write-behind holds the rows written with it. */
    static final OffsetDateTime NOON = OffsetDateTime.of(2026, 1, 1, 12, 0, 0, 0, ZoneOffset.UTC);

    private static final LocalDate[] DAYS = {LocalDate.of(2026, 1, 1), LocalDate.of(2026, 1, 2), LocalDate.of(2026, 1, 3)};

    /**
     * A random ledger: accounts opened, used, closed, removed and opened again, writes to accounts that do not
     * exist, and — when asked — reads of held rows and one UPDATE by a condition late in the log.
     */
    static List<Object> ledger(long seed, int count, boolean reads) {
        Random random = new Random(seed);
        List<Object> events = new ArrayList<>();
        List<String> open = new ArrayList<>();
        List<String> removed = new ArrayList<>();
        Set<String> days = new HashSet<>();
        OffsetDateTime clock = OffsetDateTime.of(2026, 1, 1, 9, 0, 0, 0, ZoneOffset.UTC);
        int opened = 0;
        for (int i = 0; i < count; i++) {
            clock = clock.plusSeconds(1 + random.nextInt(100)).plusNanos(1000L * random.nextInt(1_000_000));
            int choice = random.nextInt(100);
            String someone = open.isEmpty() || random.nextInt(20) == 0 ? "ghost-" + random.nextInt(5) : open.get(random.nextInt(open.size()));
            if (open.size() < 3 || choice < 10) {
                String id = !removed.isEmpty() && random.nextBoolean() ? removed.remove(random.nextInt(removed.size())) : "acct-" + opened++;
                open.add(id);
                events.add(new Opened(id, "owner " + random.nextInt(50), clock, BigDecimal.valueOf(100 + random.nextInt(900), 2),
                        random.nextBoolean() ? null : "l" + random.nextInt(1000)));
            } else if (choice < 15) {
                String id = open.get(random.nextInt(open.size()));
                LocalDate day = DAYS[random.nextInt(DAYS.length)];
                if (days.add(id + "|" + day)) { // a removed account keeps its days
                    events.add(new DayOpened(id, day));
                }
            } else if (choice < 52) {
                events.add(new Deposited(someone, random.nextInt(20_000) - 5_000, DAYS[random.nextInt(DAYS.length)]));
            } else if (choice < 57) {
                LocalDate day = DAYS[random.nextInt(DAYS.length)];
                days.add(someone + "|" + day); // it may create the day: DayOpened must not insert it again
                events.add(new DayTallied(someone, day, random.nextInt(10_000)));
            } else if (choice < 60) {
                events.add(new Pinged(someone, clock)); // an open account, or a ghost that it creates
            } else if (choice < 68) {
                // halving an odd number of cents ties at numeric(8, 2)'s last digit: PostgreSQL rounds it away from zero
                events.add(new RateScaled(someone, new BigDecimal(new String[]{"1.005", "0.995", "0.5", "1.5"}[random.nextInt(4)])));
            } else if (choice < 76) {
                events.add(new Scored(someone, random.nextInt(1000) / 7.0));
            } else if (choice < 84) {
                events.add(new Relabelled(someone, random.nextInt(10) == 0 ? null : "label #" + random.nextInt(10_000)));
            } else if (choice < 90) {
                events.add(new Closed(someone, clock));
            } else if (choice < 94) {
                String id = open.remove(random.nextInt(open.size()));
                removed.add(id);
                events.add(new Removed(id));
            } else if (reads && choice < 95) {
                events.add(new Audited(someone));
            } else if (reads && choice < 96) {
                events.add(new Counted(someone));
            } else {
                events.add(new Deposited(someone, 1, DAYS[0]));
            }
        }
        if (reads) {
            events.add(count * 4 / 5, new Swept(0));
        }
        return events;
    }

    private static String readModel(TestDatabase db) throws SQLException {
        StringBuilder all = new StringBuilder();
        try (Connection c = db.connect(); Statement s = c.createStatement()) {
            for (String table : List.of("account", "daily", "audit_log")) {
                try (ResultSet rs = s.executeQuery("select count(*), coalesce(string_agg(t::text, E'\\n' order by t::text), '') from ledger."
                        + table + " t")) {
                    rs.next();
                    all.append(table).append(" (").append(rs.getLong(1)).append(" rows)\n").append(rs.getString(2)).append('\n');
                }
            }
        }
        return all.toString();
    }

    /** The read model built with every statement sent, and again by a rebuild with write-behind. */
    private record BothWays(String sent, String held, BuildResult rebuilt) {
    }

    private static BothWays buildBothWays(TestDatabase db, Projection projection, List<Object> events,
                                          java.util.function.UnaryOperator<dev.refold.RefoldConfiguration> settings) throws SQLException {
        String sent;
        try (Refold refold = settings.apply(db.configure().projections(projection)).writeBehind(false).load()) {
            append(refold, events);
            assertThat(refold.migrate().built().get(0).writesHeld()).as("write-behind is off").isZero();
            sent = readModel(db);
        }
        BuildResult rebuilt;
        try (Refold refold = settings.apply(db.configure().projections(projection)).load()) {
            rebuilt = refold.rebuild(projection.name());
        }
        assertThat(rebuilt.eventsReplayed()).isEqualTo(events.size());
        return new BothWays(sent, readModel(db), rebuilt);
    }

    private static BothWays buildBothWays(TestDatabase db, Projection projection, List<Object> events) throws SQLException {
        return buildBothWays(db, projection, events, configuration -> configuration);
    }

    private static long statements(List<Object> events) {
        return events.stream().mapToLong(e -> e instanceof Deposited ? 2 : 1).sum();
    }

    private static void append(Refold refold, List<Object> events) {
        for (int i = 0; i < events.size(); i += 500) {
            refold.events().append("ledger", i == 0 ? ExpectedVersion.noStream() : ExpectedVersion.exactly(i),
                    events.subList(i, Math.min(events.size(), i + 500)));
        }
    }

    /**
     * The same log rebuilt with every statement sent, then with write-behind, for several logs, batch sizes and row
     * budgets (a budget of 7 rows writes them out every few events, so that later writes find their rows in the
     * table, not in memory).
     */
    @ParameterizedTest(name = "seed {0}, batch size {1}, row budget {2}")
    @CsvSource({"1, 1000, 100000", "2, 13, 7", "3, 250, 40", "4, 1, 100000"})
    void aRebuildWithWriteBehindEqualsOneThatSendsEveryStatement(long seed, int batchSize, int rowBudget, TestDatabase db)
            throws SQLException {
        List<Object> events = ledger(seed, 2_500, true);
        BothWays builds = buildBothWays(db, new Ledger(), events, c -> c.batchSize(batchSize).writeBehindRows(rowBudget));
        assertThat(builds.rebuilt().writesHeld()).as("writes held in memory").isPositive();
        assertThat(builds.held()).isEqualTo(builds.sent());
        assertThat(builds.sent()).contains("audit_log (").doesNotContain("account (0 rows)");
    }

    @Test
    void handlersThatOnlyWriteRowsByKeyHaveEveryWriteHeld(TestDatabase db) throws SQLException {
        List<Object> events = ledger(5, 3_000, false);
        BothWays builds = buildBothWays(db, new Ledger(), events);
        assertThat(builds.rebuilt().writesHeld()).isEqualTo(statements(events));
        assertThat(builds.held()).isEqualTo(builds.sent());
    }

    @Test
    void aReturningClauseIsAnsweredFromTheHeldRow(TestDatabase db) throws SQLException {
        List<Object> events = ledger(6, 800, false);
        BothWays builds = buildBothWays(db, new LedgerWithReturning(), events);
        assertThat(builds.rebuilt().writesHeld()).as("every write held, the RETURNING answered from the held row")
                .isEqualTo(statements(events));
        assertThat(builds.held()).isEqualTo(builds.sent());
    }

    @Test
    void aWriteThroughAViewOfAHeldTableEndsHolding(TestDatabase db) throws SQLException {
        OffsetDateTime at = OffsetDateTime.of(2026, 1, 1, 9, 0, 0, 0, ZoneOffset.UTC);
        // the deposits update rows that only the view's inserts created: held as "no such row", they would be lost
        List<Object> events = List.of(new Opened("a", "ann", at, BigDecimal.ONE, null), new Deposited("a", 100, DAYS[0]),
                new Opened("b", "bob", at, BigDecimal.TEN, "b"), new DayOpened("a", DAYS[0]), new Deposited("b", 5, DAYS[0]),
                new Deposited("a", 7, DAYS[0]), new Relabelled("b", "x"));
        BothWays builds = buildBothWays(db, new LedgerThroughAView(), events);
        assertThat(builds.held()).isEqualTo(builds.sent());
        assertThat(builds.sent()).contains("(a,ann,107,").contains("(b,bob,5,");
    }

    @Test
    void handlersThatReadEveryFewWritesEndUpSendingTheirStatements(TestDatabase db) throws SQLException {
        List<Object> events = ledger(10, 2_000, false);
        BothWays builds = buildBothWays(db, new LedgerReadingBeforeDeposits(), events);
        assertThat(builds.rebuilt().writesHeld()).as("reads write rows out, and later stop holding altogether")
                .isPositive().isLessThan(statements(events) / 4);
        assertThat(builds.held()).isEqualTo(builds.sent());
    }

    @Test
    void writesRolledBackToASavepointAreUndoneInHeldRowsToo(TestDatabase db) throws SQLException {
        BothWays builds = buildBothWays(db, new LedgerWithSavepoints(), ledger(8, 1_000, false));
        assertThat(builds.sent()).doesNotContain("undone");
        assertThat(builds.rebuilt().writesHeld()).as("held until the first savepoint").isPositive();
        assertThat(builds.held()).isEqualTo(builds.sent());
    }

    @Test
    void aKeyComparedWithMoreDecimalsThanTheColumnHoldsMatchesNoRow(TestDatabase db) throws SQLException {
        List<Object> events = List.of(new BandOpened(new BigDecimal("1.01")), new BandJoined(new BigDecimal("1.005")),
                new BandJoined(new BigDecimal("1.0100")), new BandOpened(new BigDecimal("2.004")), new BandJoined(new BigDecimal("2.00")));
        try (Refold refold = db.configure().projections(new Ledger()).load()) {
            append(refold, events);
            assertThat(refold.migrate().built().get(0).writesHeld()).isEqualTo(events.size());
        }
        try (Connection c = db.connect(); Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("select string_agg(rate || ':' || accounts, ' ' order by rate) from ledger.rate_band")) {
            rs.next();
            // 1.005 is not 1.01 (PostgreSQL compares, it does not round); 1.0100 is; 2.004 was stored as 2.00
            assertThat(rs.getString(1)).isEqualTo("1.01:1 2.00:1");
        }
    }

    enum Fault {
        LABEL_TOO_LONG("value too long for type character varying(12)"),
        DUPLICATE_ACCOUNT("duplicate key value violates unique constraint"),
        BALANCE_OVERFLOW("bigint out of range"),
        NO_OWNER("null value in column \"owner\""),
        HANDLER_THROWS("the ledger cannot handle this event"),
        AMBIGUOUS_UPSERT("column reference \"amount\" is ambiguous"),
        UNKNOWN_CONSTRAINT("constraint \"no_such_key\" for table \"account\" does not exist"),
        DEFERRABLE_ARBITER("does not support deferrable unique constraints");

        final String message;

        Fault(String message) {
            this.message = message;
        }

        Object event(String account) {
            return switch (this) {
                case LABEL_TOO_LONG -> new Relabelled(account, "thirteen char");
                case DUPLICATE_ACCOUNT -> new Opened(account, "again", NOON, BigDecimal.ONE, null);
                case BALANCE_OVERFLOW -> new Deposited(account, Long.MAX_VALUE, DAYS[0]);
                case NO_OWNER -> new Opened("acct-new", null, NOON, BigDecimal.ONE, null);
                case HANDLER_THROWS -> new Broken("this event");
                case AMBIGUOUS_UPSERT -> new DayTalliedCarelessly(account, DAYS[0], 1);
                case UNKNOWN_CONSTRAINT -> new PingedByConstraint(account, "no_such_key");
                case DEFERRABLE_ARBITER -> new Tallied(account);
            };
        }
    }

    /**
     * A write PostgreSQL refuses fails the rebuild at its event with PostgreSQL's message, although write-behind
     * held the row: it sends such a write to the database instead of deciding itself.
     */
    @ParameterizedTest
    @EnumSource(Fault.class)
    void aWritePostgresRefusesFailsTheRebuildAtItsEvent(Fault fault, TestDatabase db) throws SQLException {
        List<Object> events = new ArrayList<>(ledger(7 + fault.ordinal(), 1_500, false));
        int start = 600 + 97 * fault.ordinal();
        int at = start;
        String account = events.subList(0, start).stream().filter(Opened.class::isInstance).map(e -> ((Opened) e).id())
                .filter(id -> events.subList(0, start).stream().noneMatch(e -> e instanceof Removed r && r.id().equals(id)))
                .findFirst().orElseThrow();
        if (fault == Fault.BALANCE_OVERFLOW) {
            long balance = events.subList(0, start).stream().filter(e -> e instanceof Deposited d && d.id().equals(account))
                    .mapToLong(e -> ((Deposited) e).amount()).sum();
            if (balance <= 0) {
                events.add(at++, new Deposited(account, 1 - balance, DAYS[0])); // positive, so that MAX_VALUE more overflows
            }
        }
        events.add(at, fault.event(account));
        long failing = at + 1L; // positions count from 1 in a fresh database
        String type = fault.event(account).getClass().getSimpleName();
        try (Refold refold = db.configure().projections(new Ledger()).batchSize(100).load()) {
            append(refold, events);
            assertThatThrownBy(refold::migrate)
                    .isInstanceOfSatisfying(ProjectionBuildException.class, e -> {
                        assertThat(e.position()).hasValue(failing);
                        assertThat(e.eventType()).isEqualTo(type);
                    })
                    .hasMessageContaining("failed at event position " + failing + " (" + type + " v1, stream ledger)")
                    .hasMessageContaining(fault.message);
            assertThat(refold.info().projection("ledger").orElseThrow().state()).isEqualTo(ProjectionState.FAILED);
        }
        try (Connection c = db.connect(); Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("select count(*) from pg_namespace where nspname = 'ledger'")) {
            rs.next();
            assertThat(rs.getLong(1)).as("no half-built read model is served").isZero();
        }
    }
}

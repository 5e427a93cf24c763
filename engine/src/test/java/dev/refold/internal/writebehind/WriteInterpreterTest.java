package dev.refold.internal.writebehind;

import dev.refold.internal.writebehind.Decision.Kind;
import dev.refold.internal.writebehind.pg.ColumnType;
import dev.refold.internal.writebehind.pg.HeldColumn;
import org.jooq.DSLContext;
import org.jooq.Record;
import org.jooq.Schema;
import org.jooq.TableField;
import org.jooq.impl.DSL;
import org.jooq.impl.SQLDataType;
import org.jooq.impl.TableImpl;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Write-behind's decisions, in memory: jOOQ statements built as handlers build them, read by
 * {@link WriteInterpreter} against a held table, with no database. WriteBehindTest shows the same decisions end to
 * end on PostgreSQL; this one names each rule.
 */
class WriteInterpreterTest {
    private static final Schema LEDGER = DSL.schema(DSL.name("ledger"));
    private static final Account ACCOUNT = new Account("account");
    private static final Account AUDIT = new Account("audit");

    /** A table as jOOQ's code generator writes one: what handlers' statements reference. */
    private static final class Account extends TableImpl<Record> {
        final TableField<Record, Long> id = createField(DSL.name("id"), SQLDataType.BIGINT.nullable(false), this);
        final TableField<Record, Long> balance = createField(DSL.name("balance"), SQLDataType.BIGINT, this);

        Account(String name) {
            super(DSL.name(name), LEDGER);
        }
    }

    private HeldTable account;
    private WriteInterpreter interpreter;

    @BeforeEach
    void holdTheAccountTable() {
        account = new HeldTable("account", List.of(
                new HeldColumn("id", ColumnType.INT8, -1, -1, 0, true, null, true),
                new HeldColumn("balance", ColumnType.INT8, -1, -1, 0, false, null, true)), new int[]{0});
        interpreter = new WriteInterpreter(Map.of("account", account), Set.of("ledger", "refold_build_x"), Set.of(), true);
    }

    /** What write-behind decides for the statement, as its listener sees it ({@link ExecutedQuery}). */
    private Decision decide(Consumer<DSLContext> statement) {
        return interpreter.decide(ExecutedQuery.of(statement));
    }

    private Decision decideAndApply(Consumer<DSLContext> statement) {
        Decision decision = decide(statement);
        if (decision.kind() == Kind.HOLD) {
            decision.apply().run();
        }
        return decision;
    }

    private List<List<Object>> heldRows() {
        List<List<Object>> rows = new ArrayList<>();
        for (Object[] row : account.detach().values()) {
            rows.add(List.of(row));
        }
        return rows;
    }

    @Test
    void anInsertOfBoundValuesIsHeldAndUpdatesByKeyApplyToTheHeldRow() {
        assertThat(decideAndApply(dsl -> dsl.insertInto(ACCOUNT).set(ACCOUNT.id, 1L).set(ACCOUNT.balance, 10L).execute()).kind())
                .isEqualTo(Kind.HOLD);
        Decision update = decideAndApply(dsl -> dsl.update(ACCOUNT).set(ACCOUNT.balance, ACCOUNT.balance.plus(5L))
                .where(ACCOUNT.id.eq(1L)).execute());
        assertThat(update.kind()).isEqualTo(Kind.HOLD);
        assertThat(update.count()).as("rows the update reports").isEqualTo(1);
        assertThat(heldRows()).containsExactly(List.of(1L, 15L));
    }

    @Test
    void aDeleteByKeyReleasesTheHeldRow() {
        decideAndApply(dsl -> dsl.insertInto(ACCOUNT).set(ACCOUNT.id, 1L).set(ACCOUNT.balance, 10L).execute());
        Decision delete = decideAndApply(dsl -> dsl.deleteFrom(ACCOUNT).where(ACCOUNT.id.eq(1L)).execute());
        assertThat(delete.kind()).isEqualTo(Kind.HOLD);
        assertThat(delete.count()).isEqualTo(1);
        assertThat(heldRows()).isEmpty();
    }

    @Test
    void anUpdateNotByTheWholeKeyStopsHoldingThatTable() {
        Decision decision = decide(dsl -> dsl.update(ACCOUNT).set(ACCOUNT.balance, 0L).where(ACCOUNT.balance.gt(0L)).execute());
        assertThat(decision.kind()).isEqualTo(Kind.STOP);
        assertThat(decision.table()).isSameAs(account);
    }

    @Test
    void aReadWritesTheHeldRowsOut() {
        assertThat(decide(dsl -> dsl.selectFrom(ACCOUNT).where(ACCOUNT.id.eq(1L)).fetch()).kind()).isEqualTo(Kind.WRITE_OUT);
    }

    @Test
    void aSimpleWriteToATableItDoesNotHoldPassesAsItIs() {
        assertThat(decide(dsl -> dsl.insertInto(AUDIT).set(AUDIT.id, 1L).set(AUDIT.balance, 1L).execute()).kind())
                .isEqualTo(Kind.PASS);
    }

    @Test
    void aWriteThroughAnAliasStopsHoldingEveryTable() {
        Decision decision = decide(dsl -> dsl.update(ACCOUNT.as("a")).set(ACCOUNT.balance, 0L).where(ACCOUNT.id.eq(1L)).execute());
        assertThat(decision.kind()).isEqualTo(Kind.STOP);
        assertThat(decision.table()).as("every table").isNull();
    }

    @Test
    void whatPostgresWouldRefuseIsLeftToPostgres() {
        decideAndApply(dsl -> dsl.insertInto(ACCOUNT).set(ACCOUNT.id, 1L).set(ACCOUNT.balance, Long.MAX_VALUE).execute());
        Decision overflow = decide(dsl -> dsl.update(ACCOUNT).set(ACCOUNT.balance, ACCOUNT.balance.plus(1L))
                .where(ACCOUNT.id.eq(1L)).execute());
        assertThat(overflow.kind()).as("bigint out of range").isEqualTo(Kind.STOP);
        Decision duplicate = decide(dsl -> dsl.insertInto(ACCOUNT).set(ACCOUNT.id, 1L).set(ACCOUNT.balance, 0L).execute());
        assertThat(duplicate.kind()).as("duplicate key").isEqualTo(Kind.STOP);
        Decision notNull = decide(dsl -> dsl.insertInto(ACCOUNT).set(ACCOUNT.id, (Long) null).set(ACCOUNT.balance, 0L).execute());
        assertThat(notNull.kind()).as("NULL in the key").isEqualTo(Kind.STOP);
        assertThat(heldRows()).as("the held row is untouched").containsExactly(List.of(1L, Long.MAX_VALUE));
    }
}

package dev.refold.internal.writebehind.pg;

import dev.refold.internal.writebehind.pg.Expression.Arithmetic;
import dev.refold.internal.writebehind.pg.Expression.Constant;
import dev.refold.internal.writebehind.pg.Expression.Negation;
import dev.refold.internal.writebehind.pg.Expression.Operator;
import org.junit.jupiter.api.Test;

import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;

import static dev.refold.internal.writebehind.pg.ColumnType.REFUSED;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * PostgreSQL's value rules as write-behind holds them, in memory. Each expectation is what PostgreSQL 17 does
 * (PostgresArithmeticContractTest checks the arithmetic against a real server); REFUSED means "leave it to
 * PostgreSQL", which then stores something write-behind does not follow or raises the error itself.
 */
class ValueRulesTest {
    private static final Object[] NO_ROW = new Object[0];

    @Test
    void integersOutsideTheirTypesRangeAreLeftToPostgres() {
        assertThat(ColumnType.INT2.inRange(32_767)).isEqualTo(32_767L);
        assertThat(ColumnType.INT2.inRange(32_768)).isSameAs(REFUSED);
        assertThat(ColumnType.INT4.inRange(Integer.MIN_VALUE)).isEqualTo((long) Integer.MIN_VALUE);
        assertThat(ColumnType.INT4.inRange(Integer.MAX_VALUE + 1L)).isSameAs(REFUSED);
        assertThat(ColumnType.INT8.inRange(Long.MAX_VALUE)).isEqualTo(Long.MAX_VALUE);
    }

    @Test
    void arithmeticResolvesToTheWiderTypeAsPostgresOperatorsDo() {
        assertThat(ColumnType.arithmetic(ColumnType.INT2, ColumnType.INT4)).isEqualTo(ColumnType.INT4);
        assertThat(ColumnType.arithmetic(ColumnType.INT8, ColumnType.INT2)).isEqualTo(ColumnType.INT8);
        assertThat(ColumnType.arithmetic(ColumnType.INT4, ColumnType.NUMERIC)).isEqualTo(ColumnType.NUMERIC);
        assertThat(ColumnType.arithmetic(ColumnType.NUMERIC, ColumnType.FLOAT8)).isEqualTo(ColumnType.FLOAT8);
        assertThat(ColumnType.arithmetic(ColumnType.TEXT, ColumnType.INT4)).as("not a number: not followed").isNull();
    }

    @Test
    void anOverflowInAnExpressionIsLeftToPostgres() {
        Expression max = new Constant(ColumnType.INT4, (long) Integer.MAX_VALUE);
        Expression one = new Constant(ColumnType.INT4, 1L);
        assertThat(new Arithmetic(ColumnType.INT4, Operator.ADD, max, one).evaluate(NO_ROW, NO_ROW)).isSameAs(REFUSED);
        assertThat(new Arithmetic(ColumnType.INT4, Operator.SUBTRACT, max, one).evaluate(NO_ROW, NO_ROW))
                .isEqualTo(Integer.MAX_VALUE - 1L);
        assertThat(new Negation(ColumnType.INT8, new Constant(ColumnType.INT8, Long.MIN_VALUE)).evaluate(NO_ROW, NO_ROW))
                .isSameAs(REFUSED);
        assertThat(new Arithmetic(ColumnType.INT4, Operator.ADD, max, new Constant(ColumnType.INT4, null)).evaluate(NO_ROW, NO_ROW))
                .as("NULL + x").isNull();
    }

    @Test
    void numericColumnsRoundHalfAwayFromZeroAndRefuseWhatDoesNotFit() {
        HeldColumn money = new HeldColumn("amount", ColumnType.NUMERIC, -1, 5, 2, false, null, true);
        assertThat(money.assign(ColumnType.NUMERIC, new BigDecimal("1.005"))).isEqualTo(new BigDecimal("1.01"));
        assertThat(money.assign(ColumnType.NUMERIC, new BigDecimal("-1.005"))).isEqualTo(new BigDecimal("-1.01"));
        assertThat(money.assign(ColumnType.INT4, 7L)).isEqualTo(new BigDecimal("7.00"));
        assertThat(money.assign(ColumnType.NUMERIC, new BigDecimal("999.995"))).as("rounds to 1000.00").isSameAs(REFUSED);
    }

    @Test
    void varcharCountsCharactersNotUtf16Units() {
        HeldColumn code = new HeldColumn("code", ColumnType.TEXT, 3, -1, 0, false, null, true);
        assertThat(code.assign(ColumnType.TEXT, "abc")).isEqualTo("abc");
        assertThat(code.assign(ColumnType.TEXT, "\uD83D\uDE00\uD83D\uDE00\uD83D\uDE00")).as("three emoji").isNotSameAs(REFUSED);
        assertThat(code.assign(ColumnType.TEXT, "abcd")).isSameAs(REFUSED);
        assertThat(code.assign(ColumnType.INT4, 1L)).as("an integer into text").isSameAs(REFUSED);
    }

    @Test
    void numericToFloat8OverflowAndUnderflowAreLeftToPostgres() {
        assertThat(ColumnType.FLOAT8.widen(ColumnType.NUMERIC, new BigDecimal("1.5"))).isEqualTo(1.5);
        assertThat(ColumnType.FLOAT8.widen(ColumnType.NUMERIC, new BigDecimal("1e400"))).isSameAs(REFUSED);
        assertThat(ColumnType.FLOAT8.widen(ColumnType.NUMERIC, new BigDecimal("1e-400"))).isSameAs(REFUSED);
    }

    @Test
    void valuesPostgresWouldStoreDifferentlyAreNotHeld() {
        assertThat(ColumnType.TEXT.hold("a\0b")).as("NUL in text").isSameAs(REFUSED);
        assertThat(ColumnType.TIMESTAMPTZ.hold(Instant.ofEpochSecond(0, 1))).as("nanoseconds").isSameAs(REFUSED);
        assertThat(ColumnType.TIMESTAMPTZ.hold(Instant.ofEpochSecond(0, 1000))).isEqualTo(Instant.ofEpochSecond(0, 1000));
        assertThat(ColumnType.DATE.hold(LocalDate.of(10_000, 1, 1))).as("year 10000").isSameAs(REFUSED);
        assertThat(ColumnType.INT4.hold(new BigDecimal("1"))).as("a numeric bound to an int column").isSameAs(REFUSED);
    }

    @Test
    void jsonbInputIsHeldOnlyWhenItsStoredFormIsCertain() {
        assertThat(JsonbInput.accepts("{\"a\": 1, \"b\": [true, null]}")).isTrue();
        assertThat(JsonbInput.accepts("{\"a\": 1} trailing")).isFalse();
        assertThat(JsonbInput.accepts("{\"a\": ")).isFalse();
        assertThat(JsonbInput.accepts("\"\\u0000\"")).as("an escape PostgreSQL may refuse").isFalse();
    }
}

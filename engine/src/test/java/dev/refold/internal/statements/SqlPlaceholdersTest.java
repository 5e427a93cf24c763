package dev.refold.internal.statements;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class SqlPlaceholdersTest {
    @Test
    void numbersPlaceholdersOutsideQuotesAndKeepsTheEscapedOperator() {
        String sql = "update \"t?\" set a = ?, b = 'it''s ?' where c ?? 'k' and d = ?";
        assertThat(SqlPlaceholders.numbered(sql)).isEqualTo("update \"t?\" set a = $1, b = 'it''s ?' where c ? 'k' and d = $2");
    }

    @Test
    void aQuestionMarkInACommentADollarQuoteOrAnEscapeStringIsNotAPlaceholder() {
        String sql = "update t set a = ? -- why? because\n"
                + ", b = /* is it? /* nested? */ still? */ ?"
                + ", c = $$what? $$ || $tag$ $$ ? $tag$ || E'it\\'s ?' || e'\\\\' || ?"
                + " where d$x = ? and \"q?\" = ?";
        assertThat(SqlPlaceholders.numbered(sql)).isEqualTo("update t set a = $1 -- why? because\n"
                + ", b = /* is it? /* nested? */ still? */ $2"
                + ", c = $$what? $$ || $tag$ $$ ? $tag$ || E'it\\'s ?' || e'\\\\' || $3"
                + " where d$x = $4 and \"q?\" = $5");
    }

    @Test
    void aLineCommentEndsAtACarriageReturnToo() {
        assertThat(SqlPlaceholders.numbered("update t set a = ? -- note?\r, b = ?")).isEqualTo("update t set a = $1 -- note?\r, b = $2");
    }

    @Test
    void theBatchFunctionCastsEachParameterToItsType() {
        assertThat(SqlPlaceholders.replaced("update t set a = ?, b = '?' where c = ?", n -> "cast(p" + n + " as int)"))
                .isEqualTo("update t set a = cast(p1 as int), b = '?' where c = cast(p2 as int)");
    }

    @Test
    void onlyWritesWithoutReturningAreDeferred() {
        assertThat(StatementLiterals.returnsNoRows("update t set a = ?")).isTrue();
        assertThat(StatementLiterals.returnsNoRows("  insert into t values (?)")).isTrue();
        assertThat(StatementLiterals.returnsNoRows("insert into t values (?) returning id")).isFalse();
        assertThat(StatementLiterals.returnsNoRows("select count(*) from t")).isFalse();
        assertThat(StatementLiterals.returnsNoRows("with x as (select 1) update t set a = 1")).isFalse();
    }
}

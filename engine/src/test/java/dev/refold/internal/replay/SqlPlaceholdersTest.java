package dev.refold.internal.replay;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class SqlPlaceholdersTest {
    @Test
    void numbersPlaceholdersOutsideQuotesAndKeepsTheEscapedOperator() {
        String sql = "update \"t?\" set a = ?, b = 'it''s ?' where c ?? 'k' and d = ?";
        assertThat(SqlPlaceholders.numbered(sql)).isEqualTo("update \"t?\" set a = $1, b = 'it''s ?' where c ? 'k' and d = $2");
        assertThat(SqlPlaceholders.count(sql)).isEqualTo(2);
    }

    @Test
    void onlyWritesWithoutReturningAreDeferred() {
        assertThat(DeferredStatements.returnsNoRows("update t set a = ?")).isTrue();
        assertThat(DeferredStatements.returnsNoRows("  insert into t values (?)")).isTrue();
        assertThat(DeferredStatements.returnsNoRows("insert into t values (?) returning id")).isFalse();
        assertThat(DeferredStatements.returnsNoRows("select count(*) from t")).isFalse();
        assertThat(DeferredStatements.returnsNoRows("with x as (select 1) update t set a = 1")).isFalse();
    }
}

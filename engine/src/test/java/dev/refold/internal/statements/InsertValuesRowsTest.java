package dev.refold.internal.statements;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** Only an INSERT ... VALUES read with certainty may report its count unrun; any doubt is 0 (run it). */
class InsertValuesRowsTest {
    @Test
    void countsTheRowsOfPlainInserts() {
        assertThat(StatementLiterals.insertValuesRows("insert into \"s\".\"t\" (\"a\", \"b\") values (?, ?)")).isEqualTo(1);
        assertThat(StatementLiterals.insertValuesRows("insert into t (a, b) values (?, 'x, (y'), ('it''s', ?), (?, (select 1))")).isEqualTo(3);
        assertThat(StatementLiterals.insertValuesRows("INSERT INTO t AS x VALUES (1)")).isEqualTo(1);
        assertThat(StatementLiterals.insertValuesRows("insert into t default values")).isEqualTo(1);
        assertThat(StatementLiterals.insertValuesRows("insert into \"a \"\"b\" values (1);")).isEqualTo(1);
    }

    @Test
    void doubtMeansRunIt() {
        for (String sql : new String[]{
                "update t set n = n + 1 where id = ?",
                "delete from t where id = ?",
                "insert into t (a) values (?) on conflict do nothing",
                "insert into t (a) values (?) on conflict (a) do update set n = t.n + 1 where t.n < 3",
                "insert into t (a) select a from u",
                "insert into t (a) values (1) returning a",
                "with x as (delete from u returning a) insert into t select a from x",
                "insert into t (a) values (E'\\')') on conflict do nothing",
                "insert into t (a) values ($$)$$)",
                "insert into t (a) values (1) -- , (2)",
                "insert into t (a) overriding system value values (1)",
                "merge into t using u on t.a = u.a when matched then delete",
                "insert into t (a) values (1) union values (2)",
                "insert into t values ('unterminated)"}) {
            assertThat(StatementLiterals.insertValuesRows(sql)).as(sql).isZero();
        }
    }
}

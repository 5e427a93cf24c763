package dev.refold.internal.writebehind;

import org.jooq.Field;
import org.jooq.Query;
import org.jooq.Table;
import org.jooq.impl.DSL;
import org.jooq.impl.SQLDataType;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Write-behind reads two facts from jOOQ's private fields ({@link QueryInternals}). When a jOOQ upgrade renames
 * them, write-behind silently stays on the safe side and holds less: this test is what makes that loud. It reads
 * the statements as write-behind does ({@link ExecutedQuery}).
 */
class QueryInternalsTest {
    private static final Table<?> ACCOUNT = DSL.table(DSL.name("shadow", "account"));
    private static final Field<Long> ID = DSL.field(DSL.name("id"), SQLDataType.BIGINT);
    private static final Field<Long> BALANCE = DSL.field(DSL.name("balance"), SQLDataType.BIGINT);

    @Test
    void theReturningClauseOfAnInsertIsReadable() {
        Query returning = ExecutedQuery.of(dsl -> dsl.insertInto(ACCOUNT).columns(ID, BALANCE).values(1L, 2L).returning(ID).fetch());
        Query plain = ExecutedQuery.of(dsl -> dsl.insertInto(ACCOUNT).columns(ID, BALANCE).values(1L, 2L).execute());
        List<Field<?>> fields = QueryInternals.returning(returning);
        assertThat(fields).as("jOOQ's AbstractDMLQuery.returning / returningResolvedAsterisks are no longer readable:"
                + " write-behind now holds no INSERT ... RETURNING, so no UpdatableRecord.store()").isNotNull();
        assertThat(fields).extracting(Field::getName).containsExactly("id");
        assertThat(QueryInternals.returning(plain)).isEmpty();
        assertThat(QueryInternals.returnsNothing(plain)).isTrue();
    }

    @Test
    void whetherOnConflictNamesAConstraintIsReadable() {
        Query onConstraint = ExecutedQuery.of(dsl -> dsl.insertInto(ACCOUNT).columns(ID, BALANCE).values(1L, 2L)
                .onConflictOnConstraint(DSL.name("account_pkey")).doNothing().execute());
        Query onColumns = ExecutedQuery.of(dsl -> dsl.insertInto(ACCOUNT).columns(ID, BALANCE).values(1L, 2L)
                .onConflict(ID).doNothing().execute());
        assertThat(QueryInternals.namesConstraint(onConstraint)).as("jOOQ's InsertQueryImpl.onConstraint is no longer"
                + " readable: write-behind now holds no upsert").isEqualTo(Boolean.TRUE);
        assertThat(QueryInternals.namesConstraint(onColumns)).isEqualTo(Boolean.FALSE);
    }
}

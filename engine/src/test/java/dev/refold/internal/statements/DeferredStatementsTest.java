package dev.refold.internal.statements;

import dev.refold.test.RefoldTest;
import dev.refold.test.TestDatabase;
import org.jooq.DSLContext;
import org.jooq.SQLDialect;
import org.jooq.impl.DSL;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The batch function must take ordinary handler SQL, comments included, and leave the session clean. */
@RefoldTest
class DeferredStatementsTest {
    private static long count(Connection c, String sql) throws SQLException {
        try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery(sql)) {
            rs.next();
            return rs.getLong(1);
        }
    }

    private final ExecutorService sender = Executors.newSingleThreadExecutor();

    @AfterEach
    void stopSender() {
        sender.shutdownNow();
    }

    private record Deferring(DeferredStatements deferred, DSLContext dsl) {
    }

    /** Creates the table, opens a transaction, and defers the writes of a jOOQ context over the connection. */
    private Deferring deferring(Connection c, String ddl) throws SQLException {
        try (Statement s = c.createStatement()) {
            s.execute(ddl);
        }
        c.setAutoCommit(false);
        DeferredStatements deferred = new DeferredStatements(c, sender);
        // these tests are about chunking and order: as for a projection whose handlers drop their counts
        deferred.exactCounts(false);
        return new Deferring(deferred, DSL.using(deferred.connection(), SQLDialect.POSTGRES));
    }

    @Test
    void chunksRunThroughTheFunctionInLogOrderAndNothingIsLeftInTheSession(TestDatabase db) throws Exception {
        try (Connection c = db.connect()) {
            Deferring session = deferring(c, "create table t (id int primary key, n int not null, note text)");
            DeferredStatements deferred = session.deferred();
            DSLContext dsl = session.dsl();
            for (int i = 0; i < 100; i++) {
                dsl.execute("insert into t (id, n) values (?, 0) -- a row? yes", i);
                dsl.execute("update t set n = n + ? /* by how much? */ where id = ?", i, i);
                dsl.execute("update t set note = coalesce(note, '') || $$?$$ || ? where id = ?", "x", i);
                dsl.execute("update t set n = n + 0 where id = ?;", i); // a terminator: by EXECUTE, the rest unaffected
            }
            deferred.flush();
            assertThat(deferred.functionEnabled()).as("the function took every shape").isTrue();
            assertThat(count(c, "select count(*) from pg_proc where proname = 'refold_apply'")).isEqualTo(1);
            c.commit();
            assertThat(count(c, "select sum(n) from t")).isEqualTo(4950);
            assertThat(count(c, "select count(*) from t where note = '?x'")).isEqualTo(100);

            deferred.deallocate();
            c.commit();
            assertThat(count(c, "select count(*) from pg_proc where proname = 'refold_apply'")).isZero();
            assertThat(count(c, "select count(*) from pg_prepared_statements where from_sql")).isZero();
        }
    }

    @Test
    void aFewWritesGoByExecuteWithoutCreatingTheFunction(TestDatabase db) throws Exception {
        try (Connection c = db.connect()) {
            Deferring session = deferring(c, "create table t (id int primary key)");
            DeferredStatements deferred = session.deferred();
            DSLContext dsl = session.dsl();
            for (int i = 0; i < ApplyFunction.MIN_CHUNK - 1; i++) {
                dsl.execute("insert into t (id) values (?)", i);
            }
            deferred.flush();
            assertThat(count(c, "select count(*) from t")).isEqualTo(ApplyFunction.MIN_CHUNK - 1);
            assertThat(count(c, "select count(*) from pg_proc where proname = 'refold_apply'")).isZero();
            deferred.deallocate();
            c.rollback();
        }
    }

    @Test
    void fixedLengthTypesKeepTheirWholeValueThroughTheFunction(TestDatabase db) throws Exception {
        try (Connection c = db.connect()) {
            Deferring session = deferring(c, "create table t (id int primary key, code char(5), flags bit(3), codes char(3)[])");
            for (int i = 0; i < 40; i++) {
                session.dsl().execute("insert into t (id, code, flags, codes) values (?, ?, ?, ?)", i, "ABCDE", "101",
                        new String[]{"XYZ", "UVW"});
            }
            session.deferred().flush();
            assertThat(session.deferred().functionEnabled()).isTrue();
            assertThat(count(c, "select count(*) from t where code = 'ABCDE' and flags = B'101' and codes = '{XYZ,UVW}'"))
                    .isEqualTo(40);
            session.deferred().deallocate();
            c.rollback();
        }
    }

    @Test
    void aFailedChunkKeepsFailingUntilCleared(TestDatabase db) throws Exception {
        try (Connection c = db.connect()) {
            Deferring session = deferring(c, "create table t (id int primary key)");
            for (int i = 0; i < 40; i++) {
                session.dsl().execute("insert into t (id) values (?)", i % 39); // the 40th collides with the 1st
            }
            assertThatThrownBy(session.deferred()::flush).hasMessageContaining("duplicate key");
            // A handler that catches the failure of a read cannot make the next flush look fine.
            assertThatThrownBy(() -> session.dsl().fetchCount(DSL.table("t"))).hasMessageContaining("duplicate key");
            session.dsl().execute("insert into t (id) values (?)", 100);
            assertThatThrownBy(session.deferred()::flush).hasMessageContaining("duplicate key");
            session.deferred().clear();
            c.rollback();
            session.dsl().execute("insert into t (id) values (?)", 100);
            session.deferred().flush();
            assertThat(count(c, "select count(*) from t")).isEqualTo(1);
            session.deferred().deallocate();
            c.rollback();
        }
    }
}

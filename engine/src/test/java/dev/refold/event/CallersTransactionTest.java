package dev.refold.event;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import dev.refold.Refold;
import dev.refold.RefoldException;
import dev.refold.fixtures.PostDeleted;
import dev.refold.fixtures.PostPublished;
import dev.refold.test.RefoldTest;
import dev.refold.test.TestDatabase;
import org.jooq.SQLDialect;
import org.jooq.impl.DSL;
import org.junit.jupiter.api.Test;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

/** Appends, reads and folds in the caller's transaction: the events commit or roll back with the caller's work. */
@RefoldTest
class CallersTransactionTest {

    @Test
    void eventsRollBackAndCommitWithTheCallersTransaction(TestDatabase db) throws SQLException {
        try (Refold refold = db.configure().eventTypes(PostPublished.class, PostDeleted.class).load();
             Connection c = db.connect()) {
            execute(c, "create table post_row (id text primary key)");
            c.setAutoCommit(false);
            execute(c, "insert into post_row values ('p1')");
            refold.events().on(c).append("p1", ExpectedVersion.noStream(), new PostPublished("p1", "t", "ann"));
            assertThat(c.getAutoCommit()).as("autocommit untouched").isFalse();
            assertThat(refold.events().readStream("p1")).as("nothing committed by Refold").isEmpty();
            assertThat(refold.events().on(c).readStream("p1")).as("the caller reads its own append").hasSize(1);
            c.rollback();

            assertThat(refold.events().readStream("p1")).isEmpty();
            assertThat(count(c, "post_row")).isZero();

            execute(c, "insert into post_row values ('p1')");
            EventLog inTransaction = refold.events().on(c);
            inTransaction.append("p1", ExpectedVersion.noStream(), new PostPublished("p1", "t", "ann"));
            inTransaction.append("p1", ExpectedVersion.exactly(1), new PostDeleted("p1"));
            assertThat(inTransaction.fold("p1", 0, (n, e) -> n + 1)).isEqualTo(2);
            c.commit();

            assertThat(refold.events().readStream("p1")).extracting(RecordedEvent::event)
                    .containsExactly(new PostPublished("p1", "t", "ann"), new PostDeleted("p1"));
            assertThat(count(c, "post_row")).isEqualTo(1);
            c.commit();
        }
    }

    @Test
    void aVersionConflictLeavesTheCallersTransactionUsable(TestDatabase db) throws SQLException {
        try (Refold refold = db.configure().eventTypes(PostPublished.class, PostDeleted.class).load();
             Connection c = db.connect()) {
            refold.events().append("p1", ExpectedVersion.noStream(), new PostPublished("p1", "t", "ann"));
            execute(c, "create table post_row (id text primary key)");
            c.setAutoCommit(false);
            execute(c, "insert into post_row values ('kept')");

            assertThatThrownBy(() -> refold.events().on(c).append("p1", ExpectedVersion.noStream(), new PostDeleted("p1")))
                    .isInstanceOfSatisfying(StreamVersionConflictException.class, e -> assertThat(e.actual()).isEqualTo(1));
            c.commit();
            assertThat(count(c, "post_row")).isEqualTo(1);
            assertThat(refold.events().readStream("p1")).hasSize(1);
        }
    }

    @Test
    void retryingWithTheSameIdsInALaterTransactionReturnsTheOriginalPositions(TestDatabase db) throws SQLException {
        try (Refold refold = db.configure().eventTypes(PostPublished.class).load(); Connection c = db.connect()) {
            UUID id = UUID.randomUUID();
            NewEvent event = NewEvent.of(new PostPublished("p1", "t", "ann")).withId(id);
            c.setAutoCommit(false);
            AppendResult first = refold.events().on(c).append("p1", ExpectedVersion.noStream(), event);
            c.commit();
            AppendResult retry = refold.events().on(c).append("p1", ExpectedVersion.noStream(), event);
            c.commit();

            assertThat(retry.duplicate()).isTrue();
            assertThat(retry.positions()).isEqualTo(first.positions());
            assertThat(refold.events().readStream("p1")).hasSize(1);
        }
    }

    @Test
    void twoTransactionsAppendingTheSameIdsAtOnceStoreThemOnce(TestDatabase db) throws Exception {
        try (Refold refold = db.configure().eventTypes(PostPublished.class).load();
             Connection a = db.connect(); Connection b = db.connect()) {
            NewEvent event = NewEvent.of(new PostPublished("p1", "t", "ann")).withId(UUID.randomUUID());
            a.setAutoCommit(false);
            b.setAutoCommit(false);
            AppendResult first = refold.events().on(a).append("p1", ExpectedVersion.any(), event);
            // b's insert waits on a's uncommitted row, then meets the unique key: it must recover inside b.
            CompletableFuture<AppendResult> second = CompletableFuture.supplyAsync(
                    () -> refold.events().on(b).append("p1", ExpectedVersion.any(), event));
            await().atMost(10, TimeUnit.SECONDS).until(() -> waitingOnLock(refold));
            a.commit();
            AppendResult retried = second.get(10, TimeUnit.SECONDS);
            execute(b, "select 1"); // b's transaction is still usable: the savepoint undid only the failed insert
            b.commit();

            assertThat(retried.duplicate()).isTrue();
            assertThat(retried.positions()).isEqualTo(first.positions());
            assertThat(refold.events().readStream("p1")).hasSize(1);
        }
    }

    @Test
    void anAppendThatWouldBeReadOutOfStreamOrderIsRefusedAndWritesNothing(TestDatabase db) throws SQLException {
        try (Refold refold = db.configure().eventTypes(PostPublished.class, PostDeleted.class).load();
             Connection c = db.connect()) {
            execute(c, "create table post_row (id text primary key)");
            refold.events().append("p1", ExpectedVersion.noStream(), new PostPublished("p1", "t", "ann"));
            c.setAutoCommit(false);
            execute(c, "insert into post_row values ('p1')");
            // the caller's transaction draws its append key with its first append, here to another stream
            refold.events().on(c).append("p2", ExpectedVersion.noStream(), new PostPublished("p2", "t", "ann"));
            refold.events().append("p1", ExpectedVersion.any(), new PostDeleted("p1")); // a later key, committed

            assertThatThrownBy(() -> refold.events().on(c).append("p1", ExpectedVersion.any(), new PostDeleted("p1")))
                    .isInstanceOfSatisfying(ConcurrentAppendException.class, e -> assertThat(e.streamId()).isEqualTo("p1"))
                    .hasMessageContaining("Roll back and retry the transaction");
            c.commit();
            assertThat(count(c, "post_row")).isEqualTo(1);
            assertThat(refold.events().readStream("p1")).hasSize(2);
            assertThat(refold.events().readStream("p2")).hasSize(1);
        }
    }

    @Test
    void aBusinessWriteBeforeTheAppendDoesNotFixItsPlaceInTheLog(TestDatabase db) throws SQLException {
        try (Refold refold = db.configure().eventTypes(PostPublished.class, PostDeleted.class).load();
             Connection c = db.connect()) {
            execute(c, "create table post_row (id text primary key)");
            refold.events().append("p1", ExpectedVersion.noStream(), new PostPublished("p1", "t", "ann"));
            c.setAutoCommit(false);
            execute(c, "insert into post_row values ('p1')"); // an xid now, but no append key yet
            refold.events().append("p1", ExpectedVersion.any(), new PostDeleted("p1")); // another transaction, committed
            refold.events().on(c).append("p1", ExpectedVersion.any(), new PostDeleted("p1"));
            c.commit();
            try (Statement s = c.createStatement();
                 ResultSet rs = s.executeQuery("select string_agg(stream_version::text, ',' order by transaction_id, position)"
                         + " from refold.events where stream_id = 'p1'")) {
                rs.next();
                assertThat(rs.getString(1)).as("readers meet the stream in order").isEqualTo("1,2,3");
            }
            c.commit();
        }
    }

    @Test
    void anAppendOfANewTypeInTheCallersTransactionDoesNotHoldUpOtherAppendsOfThatType(TestDatabase db) throws SQLException {
        try (Refold refold = db.configure().eventTypes(PostPublished.class).load(); Connection c = db.connect()) {
            c.setAutoCommit(false);
            refold.events().on(c).append("p1", ExpectedVersion.noStream(), new PostPublished("p1", "t", "ann"));
            // Same thread, the caller's transaction still open: this would wait for it forever if the type's
            // registration were still uncommitted in it.
            CompletableFuture<AppendResult> own = CompletableFuture.supplyAsync(
                    () -> refold.events().append("p2", ExpectedVersion.noStream(), new PostPublished("p2", "t", "bo")));
            assertThat(own).succeedsWithin(java.time.Duration.ofSeconds(10));
            c.rollback();
            assertThat(refold.events().readStream("p2")).hasSize(1);
        }
    }

    @Test
    void onAnAutocommitConnectionAnAppendCommitsAndAutocommitStaysOn(TestDatabase db) throws SQLException {
        try (Refold refold = db.configure().eventTypes(PostPublished.class).load(); Connection c = db.connect()) {
            refold.events().on(c).append("p1", ExpectedVersion.noStream(), new PostPublished("p1", "t", "ann"));
            List<Long> positions = new java.util.ArrayList<>();
            refold.events().on(c).readAll(0, 10, e -> positions.add(e.position()));

            assertThat(c.getAutoCommit()).isTrue();
            assertThat(positions).hasSize(1);
            assertThat(refold.events().readStream("p1")).hasSize(1);
        }
    }

    @Test
    void aJooqTransactionCommitsOrRollsBackItsEvents(TestDatabase db) throws SQLException {
        try (Refold refold = db.configure().eventTypes(PostPublished.class).load(); Connection c = db.connect()) {
            var dsl = DSL.using(c, SQLDialect.POSTGRES);
            dsl.execute("create table post_row (id text primary key)");
            assertThatThrownBy(() -> dsl.transaction(tx -> {
                tx.dsl().execute("insert into post_row values ('p1')");
                refold.events().on(tx.dsl()).append("p1", ExpectedVersion.noStream(), new PostPublished("p1", "t", "ann"));
                throw new IllegalStateException("the business rule failed");
            })).hasMessage("the business rule failed");
            assertThat(refold.events().readStream("p1")).isEmpty();

            dsl.transaction(tx -> {
                tx.dsl().execute("insert into post_row values ('p1')");
                refold.events().on(tx.dsl()).append("p1", ExpectedVersion.noStream(), new PostPublished("p1", "t", "ann"));
            });
            assertThat(refold.events().readStream("p1")).hasSize(1);
            assertThat(count(c, "post_row")).isEqualTo(1);
        }
    }

    @Test
    void aGivenDataSourceWhoseConnectionsAreInATransactionIsRefused(TestDatabase db) {
        HikariConfig config = new HikariConfig();
        config.setJdbcUrl(db.url());
        config.setUsername(db.user());
        config.setPassword(db.password());
        config.setAutoCommit(false);
        try (HikariDataSource pool = new HikariDataSource(config)) {
            assertThatThrownBy(() -> Refold.configure().dataSource(pool).discoverProjections(false)
                    .environment(java.util.Map.of()).load().close())
                    .isInstanceOf(RefoldException.class)
                    .hasMessageContaining("autocommit off")
                    .hasMessageContaining("refold.events().on(connection)");
        }
    }

    private static boolean waitingOnLock(Refold refold) throws SQLException {
        try (Connection c = refold.dataSource().getConnection(); Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("select count(*) from pg_stat_activity where wait_event_type = 'Lock'")) {
            rs.next();
            return rs.getInt(1) > 0;
        }
    }

    private static void execute(Connection c, String sql) throws SQLException {
        try (Statement s = c.createStatement()) {
            s.execute(sql);
        }
    }

    private static long count(Connection c, String table) throws SQLException {
        try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery("select count(*) from " + table)) {
            rs.next();
            return rs.getLong(1);
        }
    }
}

package dev.refold.event;

import dev.refold.Refold;
import dev.refold.fixtures.PostDeleted;
import dev.refold.fixtures.PostPublished;
import dev.refold.internal.log.AppendHorizon;
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

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** {@code append(List<StreamAppend>)}: many streams in one transaction, all or nothing. */
@RefoldTest
class BatchAppendTest {

    @Test
    void appendsToManyStreamsInOneTransactionAndAnswersInTheOrderGiven(TestDatabase db) throws SQLException {
        try (Refold refold = db.configure().eventTypes(PostPublished.class, PostDeleted.class).load()) {
            EventLog log = refold.events();
            log.append("p2", ExpectedVersion.noStream(), new PostPublished("p2", "first", "bo"));

            List<AppendResult> results = log.append(List.of(
                    StreamAppend.of("p3", ExpectedVersion.noStream(), new PostPublished("p3", "t", "ann"), new PostDeleted("p3")),
                    StreamAppend.of("p1", ExpectedVersion.noStream(), new PostPublished("p1", "t", "cy")),
                    StreamAppend.of("p2", ExpectedVersion.exactly(1), new PostDeleted("p2"))));

            assertThat(results).extracting(AppendResult::streamId).containsExactly("p3", "p1", "p2");
            assertThat(results).extracting(AppendResult::streamVersion).containsExactly(2L, 1L, 2L);
            assertThat(results).extracting(AppendResult::duplicate).containsOnly(false);
            assertThat(log.readStream("p3")).extracting(RecordedEvent::event)
                    .containsExactly(new PostPublished("p3", "t", "ann"), new PostDeleted("p3"));
            assertThat(log.readStream("p3")).extracting(RecordedEvent::position).containsExactlyElementsOf(results.get(0).positions());
            assertThat(log.readStream("p2")).extracting(RecordedEvent::streamVersion).containsExactly(1L, 2L);
            // one transaction: every event of the batch carries the same append key
            assertThat(scalar(db, "select count(distinct transaction_id) from refold.events where stream_id in ('p1', 'p3')"
                    + " or (stream_id = 'p2' and stream_version = 2)")).isEqualTo(1);
        }
    }

    @Test
    void aStreamAtAnotherVersionFailsTheWholeBatchAndIsNamed(TestDatabase db) throws SQLException {
        try (Refold refold = db.configure().eventTypes(PostPublished.class, PostDeleted.class).load()) {
            EventLog log = refold.events();
            log.append("p2", ExpectedVersion.noStream(), new PostPublished("p2", "first", "bo"));
            long head = log.headPosition();

            assertThatThrownBy(() -> log.append(List.of(
                    StreamAppend.of("p1", ExpectedVersion.noStream(), new PostPublished("p1", "t", "cy")),
                    StreamAppend.of("p2", ExpectedVersion.noStream(), new PostDeleted("p2")),
                    StreamAppend.of("p3", ExpectedVersion.noStream(), new PostPublished("p3", "t", "ann")))))
                    .isInstanceOfSatisfying(StreamVersionConflictException.class, e -> {
                        assertThat(e.streamId()).isEqualTo("p2");
                        assertThat(e.actual()).isEqualTo(1);
                    })
                    .hasMessageContaining("Stream 'p2' is at version 1 but the append expected no stream");

            assertThat(log.readStream("p1")).isEmpty();
            assertThat(log.readStream("p3")).isEmpty();
            assertThat(scalar(db, "select count(*) from refold.events")).isEqualTo(1);
            assertThat(log.headPosition()).isEqualTo(head);
        }
    }

    @Test
    void aRetryWithTheSameIdsReturnsTheOriginalPositionsAndWritesNothing(TestDatabase db) throws SQLException {
        try (Refold refold = db.configure().eventTypes(PostPublished.class, PostDeleted.class).load()) {
            List<StreamAppend> batch = List.of(
                    StreamAppend.of("p1", ExpectedVersion.noStream(), NewEvent.of(new PostPublished("p1", "t", "a")).withId(UUID.randomUUID())),
                    StreamAppend.of("p2", ExpectedVersion.noStream(), NewEvent.of(new PostPublished("p2", "t", "b")).withId(UUID.randomUUID())));
            List<AppendResult> first = refold.events().append(batch);
            List<AppendResult> retry = refold.events().append(batch);

            assertThat(retry).extracting(AppendResult::duplicate).containsOnly(true);
            assertThat(retry).extracting(AppendResult::positions).isEqualTo(first.stream().map(AppendResult::positions).toList());
            assertThat(scalar(db, "select count(*) from refold.events")).isEqualTo(2);
        }
    }

    @Test
    void inTheCallersTransactionItCommitsAndRollsBackWithTheCallersWork(TestDatabase db) throws SQLException {
        try (Refold refold = db.configure().eventTypes(PostPublished.class, PostDeleted.class).load();
             Connection c = db.connect()) {
            execute(c, "create table post_row (id text primary key)");
            c.setAutoCommit(false);
            execute(c, "insert into post_row values ('p1')");
            refold.events().on(c).append(List.of(
                    StreamAppend.of("p1", ExpectedVersion.noStream(), new PostPublished("p1", "t", "ann")),
                    StreamAppend.of("p2", ExpectedVersion.noStream(), new PostPublished("p2", "t", "bo"))));
            // an appender holds the append lock until it ends, so readers of the log wait for these events
            try (Connection other = db.connect()) {
                assertThat(new AppendHorizon("refold").inFlight(other, Long.MAX_VALUE)).hasSize(1);
            }
            assertThat(c.getAutoCommit()).isFalse();
            assertThat(refold.events().readStream("p1")).as("nothing committed by Refold").isEmpty();
            c.rollback();
            assertThat(scalar(db, "select count(*) from refold.events")).isZero();
            assertThat(scalar(db, "select count(*) from post_row")).isZero();

            // through a jOOQ context, as a Spring-managed transaction hands it out
            DSL.using(c, SQLDialect.POSTGRES).transaction(t -> {
                t.dsl().execute("insert into post_row values ('p1')");
                refold.events().on(t.dsl()).append(List.of(
                        StreamAppend.of("p1", ExpectedVersion.noStream(), new PostPublished("p1", "t", "ann")),
                        StreamAppend.of("p2", ExpectedVersion.noStream(), new PostPublished("p2", "t", "bo"))));
            });
            c.commit();
            try (Connection other = db.connect()) {
                assertThat(new AppendHorizon("refold").inFlight(other, Long.MAX_VALUE)).isEmpty();
            }
            assertThat(scalar(db, "select count(*) from refold.events")).isEqualTo(2);
            assertThat(scalar(db, "select count(*) from post_row")).isEqualTo(1);
        }
    }

    @Test
    void aConflictInTheCallersTransactionLeavesItUsable(TestDatabase db) throws SQLException {
        try (Refold refold = db.configure().eventTypes(PostPublished.class, PostDeleted.class).load();
             Connection c = db.connect()) {
            refold.events().append("p2", ExpectedVersion.noStream(), new PostPublished("p2", "t", "bo"));
            execute(c, "create table post_row (id text primary key)");
            c.setAutoCommit(false);
            execute(c, "insert into post_row values ('kept')");

            assertThatThrownBy(() -> refold.events().on(c).append(List.of(
                    StreamAppend.of("p1", ExpectedVersion.noStream(), new PostPublished("p1", "t", "ann")),
                    StreamAppend.of("p2", ExpectedVersion.exactly(5), new PostDeleted("p2")))))
                    .isInstanceOfSatisfying(StreamVersionConflictException.class, e -> assertThat(e.streamId()).isEqualTo("p2"));
            c.commit();

            assertThat(scalar(db, "select count(*) from post_row")).isEqualTo(1);
            assertThat(refold.events().readStream("p1")).isEmpty();
        }
    }

    @Test
    void aBatchNamingAStreamTwiceIsRefusedBeforeAnythingIsSent(TestDatabase db) {
        try (Refold refold = db.configure().eventTypes(PostPublished.class, PostDeleted.class).load()) {
            assertThatThrownBy(() -> refold.events().append(List.of(
                    StreamAppend.of("p1", ExpectedVersion.noStream(), new PostPublished("p1", "t", "ann")),
                    StreamAppend.of("p2", ExpectedVersion.noStream(), new PostPublished("p2", "t", "ann")),
                    StreamAppend.of("p1", ExpectedVersion.exactly(1), new PostDeleted("p1")))))
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessage("stream 'p1' appears twice in the batch (parts 1 and 3): give each stream one part with all its events");
            assertThatThrownBy(() -> refold.events().append(List.of()))
                    .isInstanceOf(IllegalArgumentException.class).hasMessage("a batch append needs at least one stream");
            assertThat(refold.events().headPosition()).isZero();
        }
    }

    private static void execute(Connection c, String sql) throws SQLException {
        try (Statement s = c.createStatement()) {
            s.execute(sql);
        }
    }

    private static long scalar(TestDatabase db, String sql) throws SQLException {
        try (Connection c = db.connect(); Statement s = c.createStatement(); ResultSet rs = s.executeQuery(sql)) {
            rs.next();
            return rs.getLong(1);
        }
    }
}

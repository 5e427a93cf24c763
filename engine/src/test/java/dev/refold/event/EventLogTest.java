package dev.refold.event;

import dev.refold.Refold;
import dev.refold.RefoldConfigurationException;
import dev.refold.fixtures.PostDeleted;
import dev.refold.fixtures.PostPublished;
import dev.refold.test.RefoldTest;
import dev.refold.test.TestDatabase;
import org.junit.jupiter.api.Test;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

@RefoldTest
class EventLogTest {

    @Test
    void appendsReadsAndFoldsAStream(TestDatabase db) {
        try (Refold refold = db.configure().eventTypes(PostPublished.class, PostDeleted.class).load()) {
            EventLog log = refold.events();
            AppendResult first = log.append("post-1", ExpectedVersion.noStream(), new PostPublished("post-1", "Hello", "ann"));
            AppendResult second = log.append("post-1", ExpectedVersion.exactly(1), new PostDeleted("post-1"));

            assertThat(first.streamVersion()).isEqualTo(1);
            assertThat(second.streamVersion()).isEqualTo(2);
            assertThat(second.lastPosition()).isGreaterThan(first.lastPosition());
            List<RecordedEvent<Object>> stream = log.readStream("post-1");
            assertThat(stream).extracting(RecordedEvent::event)
                    .containsExactly(new PostPublished("post-1", "Hello", "ann"), new PostDeleted("post-1"));
            assertThat(stream).extracting(RecordedEvent::eventType).containsExactly("PostPublished", "PostDeleted");
            String state = log.fold("post-1", "none", (s, e) -> e instanceof PostDeleted ? "deleted" : "published");
            assertThat(state).isEqualTo("deleted");
            assertThat(log.headPosition()).isEqualTo(second.lastPosition());
        }
    }

    @Test
    void storesTypeNameAndJsonButNeverTheJavaClassName(TestDatabase db) throws SQLException {
        try (Refold refold = db.configure().load()) {
            refold.events().append("post-9", ExpectedVersion.any(), new PostPublished("post-9", "T", "bo"));
        }
        try (Connection c = db.connect(); Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("select event_type, type_version, payload::text, metadata::text, transaction_id::text from refold.events")) {
            rs.next();
            assertThat(rs.getString(1)).isEqualTo("PostPublished");
            assertThat(rs.getInt(2)).isEqualTo(2);
            assertThat(rs.getString(3)).contains("\"title\": \"T\"").doesNotContain("dev.refold");
            assertThat(rs.getString(4)).isEqualTo("{}");
            assertThat(Long.parseLong(rs.getString(5))).isPositive();
        }
    }

    @Test
    void aConflictNamesStreamExpectedAndActualVersionAndWritesNothing(TestDatabase db) {
        try (Refold refold = db.configure().load()) {
            EventLog log = refold.events();
            log.append("post-1", ExpectedVersion.noStream(), new PostPublished("post-1", "a", "x"), new PostDeleted("post-1"));

            assertThatThrownBy(() -> log.append("post-1", ExpectedVersion.exactly(1), new PostDeleted("post-1")))
                    .isInstanceOfSatisfying(StreamVersionConflictException.class, e -> {
                        assertThat(e.streamId()).isEqualTo("post-1");
                        assertThat(e.expected()).isEqualTo(ExpectedVersion.exactly(1));
                        assertThat(e.actual()).isEqualTo(2);
                    })
                    .hasMessage("Stream 'post-1' is at version 2 but the append expected 1");
            assertThatThrownBy(() -> log.append("post-1", ExpectedVersion.noStream(), new PostDeleted("post-1")))
                    .isInstanceOf(StreamVersionConflictException.class);
            assertThat(log.readStream("post-1")).hasSize(2);
        }
    }

    @Test
    void retryingWithTheSameEventIdsReturnsTheOriginalPositions(TestDatabase db) {
        try (Refold refold = db.configure().load()) {
            EventLog log = refold.events();
            UUID a = UUID.randomUUID();
            UUID b = UUID.randomUUID();
            List<NewEvent> batch = List.of(NewEvent.of(new PostPublished("p", "t", "u")).withId(a),
                    NewEvent.of(new PostDeleted("p")).withId(b));
            AppendResult original = log.append("p", ExpectedVersion.noStream(), batch);
            AppendResult retry = log.append("p", ExpectedVersion.noStream(), batch);

            assertThat(retry.duplicate()).isTrue();
            assertThat(retry.positions()).isEqualTo(original.positions());
            assertThat(retry.streamVersion()).isEqualTo(2);
            assertThat(log.readStream("p")).hasSize(2);
        }
    }

    @Test
    void metadataTravelsWithEachEvent(TestDatabase db) {
        try (Refold refold = db.configure().load()) {
            EventMetadata metadata = EventMetadata.empty().withCorrelationId("c-1").withCausationId("cmd-7").withUser("ann");
            refold.events().append("p", ExpectedVersion.any(), NewEvent.of(new PostDeleted("p")).withMetadata(metadata));

            RecordedEvent<Object> stored = refold.events().readStream("p").get(0);
            assertThat(stored.metadata()).isEqualTo(metadata);
            assertThat(stored.metadata().user()).contains("ann");
        }
    }

    @Test
    void readAllStreamsTheWholeLogInBatches(TestDatabase db) {
        try (Refold refold = db.configure().load()) {
            for (int i = 0; i < 250; i++) {
                refold.events().append("post-" + i, ExpectedVersion.noStream(), new PostPublished("post-" + i, "t" + i, "u"));
            }
            List<Long> positions = new ArrayList<>();
            refold.events().readAll(10, 32, e -> positions.add(e.position()));

            assertThat(positions).hasSize(240).isSorted();
            assertThat(positions.get(0)).isEqualTo(11);
        }
    }

    @Test
    void theDatabaseRejectsUpdateDeleteAndTruncate(TestDatabase db) throws SQLException {
        try (Refold refold = db.configure().load()) {
            refold.events().append("p", ExpectedVersion.any(), new PostDeleted("p"));
        }
        try (Connection c = db.connect(); Statement s = c.createStatement()) {
            for (String sql : List.of("update refold.events set stream_id = 'x'", "delete from refold.events",
                    "truncate refold.events")) {
                assertThatThrownBy(() -> s.execute(sql)).isInstanceOf(SQLException.class)
                        .hasMessageContaining("refold.events is append-only");
            }
            try (ResultSet rs = s.executeQuery("select count(*), min(stream_id) from refold.events")) {
                rs.next();
                assertThat(rs.getInt(1)).isEqualTo(1);
                assertThat(rs.getString(2)).isEqualTo("p");
            }
        }
    }

    @Test
    void ofManyWritersWithTheSameExpectedVersionExactlyOneWins(TestDatabase db) throws Exception {
        try (Refold refold = db.configure().load()) {
            EventLog log = refold.events();
            log.append("hot", ExpectedVersion.noStream(), new PostPublished("hot", "t", "u"));
            int writers = 8;
            ExecutorService pool = Executors.newFixedThreadPool(writers);
            CountDownLatch go = new CountDownLatch(1);
            List<Future<Boolean>> outcomes = new ArrayList<>();
            for (int i = 0; i < writers; i++) {
                outcomes.add(pool.submit(() -> {
                    go.await();
                    try {
                        log.append("hot", ExpectedVersion.exactly(1), new PostDeleted("hot"));
                        return true;
                    } catch (StreamVersionConflictException e) {
                        return false;
                    }
                }));
            }
            go.countDown();
            int winners = 0;
            for (Future<Boolean> f : outcomes) {
                winners += f.get() ? 1 : 0;
            }
            pool.shutdown();
            assertThat(winners).isEqualTo(1);
            assertThat(log.readStream("hot")).hasSize(2);
        }
    }

    @Test
    void appendsToDifferentStreamsProceedInParallel(TestDatabase db) throws Exception {
        try (Refold refold = db.configure().load()) {
            EventLog log = refold.events();
            int writers = 6;
            ExecutorService pool = Executors.newFixedThreadPool(writers);
            CountDownLatch go = new CountDownLatch(1);
            List<Future<?>> done = new ArrayList<>();
            for (int w = 0; w < writers; w++) {
                String stream = "s-" + w;
                done.add(pool.submit(() -> {
                    go.await();
                    for (int i = 0; i < 20; i++) {
                        log.append(stream, i == 0 ? ExpectedVersion.noStream() : ExpectedVersion.exactly(i), new PostDeleted(stream));
                    }
                    return null;
                }));
            }
            go.countDown();
            for (Future<?> f : done) {
                f.get();
            }
            pool.shutdown();
            for (int w = 0; w < writers; w++) {
                assertThat(log.readStream("s-" + w)).extracting(RecordedEvent::streamVersion)
                        .containsExactlyElementsOf(java.util.stream.LongStream.rangeClosed(1, 20).boxed().toList());
            }
            assertThat(log.headPosition()).isGreaterThanOrEqualTo(writers * 20L);
        }
    }

    @Test
    void anUnannotatedEventClassIsRejectedWithItsName(TestDatabase db) {
        record Untyped(String x) {
        }
        try (Refold refold = db.configure().load()) {
            assertThatThrownBy(() -> refold.events().append("s", ExpectedVersion.any(), new Untyped("x")))
                    .isInstanceOf(RefoldConfigurationException.class)
                    .hasMessageContaining("has no @EventType annotation");
        }
    }
}

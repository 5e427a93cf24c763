package dev.refold.internal.log;

import dev.refold.Refold;
import dev.refold.RefoldException;
import dev.refold.event.ExpectedVersion;
import dev.refold.fixtures.PostPublished;
import dev.refold.result.ImportResult;
import dev.refold.test.RefoldTest;
import dev.refold.test.TestDatabase;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

@RefoldTest
class NdjsonImporterTest {
    @TempDir
    Path dir;

    @Test
    void importsManyStreamsInFileOrderWithConsistentVersionsAndOnlyOnce(TestDatabase db) throws Exception {
        // 2,000 events over 200 streams in random order: each stream's versions follow the file's order.
        List<String> lines = new ArrayList<>();
        Random random = new Random(7);
        int[] next = new int[200];
        List<Integer> order = new ArrayList<>();
        for (int s = 0; s < 200; s++) {
            for (int i = 0; i < 10; i++) {
                order.add(s);
            }
        }
        Collections.shuffle(order, random);
        for (int s : order) {
            lines.add("{\"streamId\":\"order-" + s + "\",\"type\":\"ItemAdded\",\"payload\":{\"n\":" + (next[s]++) + "}}");
        }
        Path file = write("orders.ndjson", lines);
        try (Refold refold = db.configure().load()) {
            refold.events().append("order-3", ExpectedVersion.noStream(), new PostPublished("order-3", "before", "ann"));

            ImportResult first = refold.importEvents(file);
            assertThat(first.eventsRead()).isEqualTo(2000);
            assertThat(first.eventsAppended()).isEqualTo(2000);
            assertThat(first.eventsAlreadyStored()).isZero();
            ImportResult again = refold.importEvents(file); // read again, appends nothing, and says so
            assertThat(again.eventsRead()).isEqualTo(2000);
            assertThat(again.eventsAppended()).isZero();
            assertThat(again.eventsAlreadyStored()).isEqualTo(2000);
            assertThat(again.toJson()).contains("\"eventsAppended\" : 0", "\"eventsAlreadyStored\" : 2000",
                    "\"linesRead\" : 2000");
        }
        try (Connection c = db.connect(); Statement s = c.createStatement()) {
            assertThat(count(s, "select count(*) from refold.events")).isEqualTo(2001);
            // in every stream, version n holds payload n (the file's order), after the event that was already there
            assertThat(count(s, "select count(*) from refold.events where stream_id <> 'order-3'"
                    + " and stream_version <> (payload->>'n')::int + 1")).isZero();
            assertThat(count(s, "select count(*) from refold.events where stream_id = 'order-3'"
                    + " and event_type = 'ItemAdded' and stream_version <> (payload->>'n')::int + 2")).isZero();
            // positions follow the file
            assertThat(count(s, "select count(*) from (select stream_id, stream_version,"
                    + " lag(stream_version) over (partition by stream_id order by position) prev from refold.events) x"
                    + " where prev is not null and stream_version <> prev + 1")).isZero();
            assertThat(count(s, "select count(*) from refold.event_types where event_type = 'ItemAdded' and type_version = 1")).isOne();
        }
    }

    @Test
    void countsWhatItAppendedNotTheHeadsMoveOverAGapARolledBackAppendLeft(TestDatabase db) throws Exception {
        Path file = write("three.ndjson", List.of(
                "{\"streamId\":\"a\",\"type\":\"T\",\"payload\":{}}",
                "",
                "{\"streamId\":\"a\",\"type\":\"T\",\"payload\":{}}",
                "{\"streamId\":\"b\",\"type\":\"T\",\"payload\":{}}"));
        try (Refold refold = db.configure().eventTypes(PostPublished.class).load()) {
            refold.events().append("before", ExpectedVersion.noStream(), new PostPublished("before", "t", "ann"));
            long headBefore = refold.events().headPosition();
            // an append elsewhere that rolls back: its position is used up and stays a gap in the log
            try (Connection c = db.connect()) {
                c.setAutoCommit(false);
                refold.events().on(c).append("rolled-back", ExpectedVersion.noStream(), new PostPublished("x", "t", "bo"));
                c.rollback();
            }

            ImportResult result = refold.importEvents(file);

            assertThat(refold.events().headPosition() - headBefore).isEqualTo(4); // the head moved over the gap too
            assertThat(result.linesRead()).isEqualTo(4);
            assertThat(result.eventsRead()).isEqualTo(3);
            assertThat(result.eventsAppended()).isEqualTo(3);
            assertThat(result.eventsAlreadyStored()).isZero();
        }
    }

    @Test
    void aBadLineIsNamedAndNothingIsAppended(TestDatabase db) throws Exception {
        List<String> good = List.of(
                "{\"streamId\":\"a\",\"type\":\"T\",\"payload\":{}}",
                "",
                "{\"streamId\":\"b\",\"type\":\"T\",\"payload\":{}}");
        try (Refold refold = db.configure().load()) {
            assertBad(refold, good, "{\"streamId\":\"c\",\"type\":\"T\",\"payload\":[1]}", "line 4: 'payload' must be a JSON object");
            assertBad(refold, good, "{\"streamId\":\"c\",\"type\":\"T\",\"payload\":{\"x\":\"a\\u0000b\"}}",
                    "line 4: 'payload' cannot be stored: it contains the character \\u0000");
            assertBad(refold, good, "{\"streamId\":\"c\",\"payload\":{}}", "line 4: missing or empty 'type'");
            assertBad(refold, good, "{\"streamId\":\"" + "x".repeat(501) + "\",\"type\":\"T\",\"payload\":{}}",
                    "line 4: 'streamId' is 501 characters long; stream ids have at most 500");
            assertBad(refold, good, "not json", "line 4: not valid JSON");
            assertBad(refold, good, "{\"streamId\":\"c\",\"type\":\"T\",\"typeVersion\":0,\"payload\":{}}", "line 4: 'typeVersion'");
            String id = "\"eventId\":\"7d3c1b52-0a57-4f0e-9d63-3c1f0f3c9a11\"";
            assertBad(refold, List.of("{\"streamId\":\"a\",\"type\":\"T\",\"payload\":{}," + id + "}"),
                    "{\"streamId\":\"b\",\"type\":\"T\",\"payload\":{}," + id + "}",
                    "lines 1 and 2 carry the same event id 7d3c1b52-0a57-4f0e-9d63-3c1f0f3c9a11");
            assertThat(refold.events().headPosition()).isZero();
        }
    }

    @Test
    void anEventIdStoredInAnotherStreamIsRefused(TestDatabase db) throws Exception {
        try (Refold refold = db.configure().load()) {
            Path first = write("first.ndjson", List.of(
                    "{\"streamId\":\"a\",\"type\":\"T\",\"payload\":{},\"eventId\":\"7d3c1b52-0a57-4f0e-9d63-3c1f0f3c9a11\"}"));
            refold.importEvents(first);
            Path second = write("second.ndjson", List.of(
                    "{\"streamId\":\"z\",\"type\":\"T\",\"payload\":{}}",
                    "{\"streamId\":\"b\",\"type\":\"T\",\"payload\":{},\"eventId\":\"7d3c1b52-0a57-4f0e-9d63-3c1f0f3c9a11\"}"));
            assertThatThrownBy(() -> refold.importEvents(second)).isInstanceOf(RefoldException.class)
                    .hasMessageContaining("second.ndjson line 2: event id 7d3c1b52-0a57-4f0e-9d63-3c1f0f3c9a11 is already stored in stream 'a', not in 'b'");
            assertThat(refold.events().headPosition()).isOne();
        }
    }

    @Test
    void concurrentAppendsToTheSameStreamsNeverInterleaveOutOfOrder(TestDatabase db) throws Exception {
        List<String> lines = new ArrayList<>();
        for (int i = 0; i < 5000; i++) {
            lines.add("{\"streamId\":\"s-" + (i % 5) + "\",\"type\":\"T\",\"payload\":{\"i\":" + i + "}}");
        }
        Path file = write("busy.ndjson", lines);
        try (Refold refold = db.configure().eventTypes(PostPublished.class).load()) {
            java.util.concurrent.atomic.AtomicBoolean done = new java.util.concurrent.atomic.AtomicBoolean();
            Thread appender = new Thread(() -> {
                for (int i = 0; !done.get(); i++) {
                    refold.events().append("s-" + (i % 5), ExpectedVersion.any(), new PostPublished("s", "t", "a"));
                }
            });
            appender.start();
            int imported = 0;
            for (int attempt = 0; attempt < 5 && imported == 0; attempt++) {
                try {
                    refold.importEvents(file);
                    imported = 1;
                } catch (RefoldException e) {
                    assertThat(e).hasMessageContaining("was appended to while it ran; nothing was imported");
                }
            }
            done.set(true);
            appender.join();
        }
        try (Connection c = db.connect(); Statement s = c.createStatement()) {
            // readers follow (transaction id, position): there, every stream's versions must come 1, 2, 3, ...
            assertThat(count(s, "select count(*) from (select stream_version, row_number() over"
                    + " (partition by stream_id order by transaction_id, position) n from refold.events) x"
                    + " where stream_version <> n")).isZero();
            long importedEvents = count(s, "select count(*) from refold.events where event_type = 'T'");
            assertThat(importedEvents).isIn(0L, 5000L);
        }
    }

    private void assertBad(Refold refold, List<String> before, String bad, String message) throws IOException {
        List<String> lines = new ArrayList<>(before);
        lines.add(bad);
        Path file = write("bad.ndjson", lines);
        assertThatThrownBy(() -> refold.importEvents(file)).isInstanceOf(RefoldException.class)
                .hasMessageContaining("bad.ndjson").hasMessageContaining(message);
    }

    private Path write(String name, List<String> lines) throws IOException {
        Path file = dir.resolve(name);
        Files.write(file, lines);
        return file;
    }

    private static long count(Statement s, String sql) throws SQLException {
        try (ResultSet rs = s.executeQuery(sql)) {
            rs.next();
            return rs.getLong(1);
        }
    }
}

package dev.refold.event;

import dev.refold.Refold;
import dev.refold.fixtures.PostPublished;
import dev.refold.test.RefoldTest;
import dev.refold.test.TestDatabase;
import org.junit.jupiter.api.Test;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** What a user reads when an append or a read goes wrong: the thing at fault, named, and nothing stored. */
@RefoldTest
class EventMessagesTest {

    @Test
    void anUpcasterThatReturnsNullIsNamedWithTheEvent(TestDatabase db) throws Exception {
        try (Refold first = db.configure().load()) {
            first.events(); // Refold's tables are made when something first writes
        }
        try (Connection c = db.connect(); PreparedStatement insert = c.prepareStatement(
                "insert into refold.events (stream_id, stream_version, event_id, event_type, type_version, payload)"
                        + " values ('post-1', 1, ?, 'PostPublished', 1, '{\"postId\": \"post-1\", \"title\": \"Old\"}')")) {
            insert.setObject(1, UUID.randomUUID());
            insert.executeUpdate();
            c.createStatement().execute("insert into refold.event_types values ('PostPublished', 1) on conflict do nothing");
        }
        Upcaster forgetful = Upcaster.of("PostPublished", 1, json -> null);
        try (Refold refold = db.configure().eventTypes(PostPublished.class).upcasters(forgetful).load()) {
            assertThatThrownBy(() -> refold.events().readStream("post-1"))
                    .isInstanceOf(EventDecodingException.class)
                    .hasMessageContaining("Upcasting event at position 1 (PostPublished v1 to v2) failed")
                    .hasMessageContaining("upcaster PostPublished v1->v2")
                    .hasMessageContaining("returned null")
                    .satisfies(e -> {
                        EventDecodingException decoding = (EventDecodingException) e;
                        assertThat(decoding.position()).isEqualTo(1);
                        assertThat(decoding.eventType()).isEqualTo("PostPublished");
                        // a public type: callers can catch it without reaching into dev.refold.internal
                        assertThat(decoding.getClass().getPackageName()).isEqualTo("dev.refold.event");
                    });
        }
    }

    @Test
    void theSameEventIdTwiceInOneAppendIsRefusedBeforeAnythingIsStored(TestDatabase db) {
        UUID id = UUID.randomUUID();
        try (Refold refold = db.configure().eventTypes(PostPublished.class).load()) {
            assertThatThrownBy(() -> refold.events().append("post-1", ExpectedVersion.any(),
                    NewEvent.of(new PostPublished("post-1", "a", "ann")).withId(id),
                    new PostPublished("post-1", "b", "ann"),
                    NewEvent.of(new PostPublished("post-1", "c", "ann")).withId(id)))
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessage("Append to stream 'post-1' carries event id " + id
                            + " twice (events 1 and 3 of 3): each event needs an id of its own");
            assertThat(refold.events().headPosition()).isZero();
        }
    }

    @Test
    void aStreamIdOverTheLimitGetsAShortMessage(TestDatabase db) {
        String tooLong = "s".repeat(10_000);
        try (Refold refold = db.configure().eventTypes(PostPublished.class).load()) {
            assertThatThrownBy(() -> refold.events().append(tooLong, ExpectedVersion.any(), new PostPublished("p", "t", "a")))
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("is 10000 characters long; stream ids have at most 500")
                    .satisfies(e -> assertThat(e.getMessage()).hasSizeLessThan(200));
            String longest = "s".repeat(500);
            refold.events().append(longest, ExpectedVersion.noStream(), new PostPublished("p", "t", "a"));
            assertThat(refold.events().readStream(longest)).hasSize(1);
        }
    }
}

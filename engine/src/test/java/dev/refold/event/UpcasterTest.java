package dev.refold.event;

import dev.refold.Refold;
import dev.refold.RefoldConfigurationException;
import dev.refold.RefoldException;
import dev.refold.fixtures.PostPublished;
import dev.refold.test.RefoldTest;
import dev.refold.test.TestDatabase;
import org.junit.jupiter.api.Test;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

@RefoldTest
class UpcasterTest {
    /** PostPublished v1 had no author; v2 added it. */
    private static final Upcaster ADD_AUTHOR = Upcaster.of("PostPublished", 1, json -> json.put("author", "unknown"));

    /** Writes an old event as an old version of the application would have stored it. */
    private static void storeRaw(TestDatabase db, String stream, long version, String type, int typeVersion, String json)
            throws SQLException {
        try (Connection c = db.connect(); PreparedStatement insert = c.prepareStatement(
                "insert into refold.events (stream_id, stream_version, event_id, event_type, type_version, payload)"
                        + " values (?, ?, ?, ?, ?, ?::jsonb)")) {
            insert.setString(1, stream);
            insert.setLong(2, version);
            insert.setObject(3, UUID.randomUUID());
            insert.setString(4, type);
            insert.setInt(5, typeVersion);
            insert.setString(6, json);
            insert.executeUpdate();
            try (PreparedStatement pair = c.prepareStatement("insert into refold.event_types values (?, ?) on conflict do nothing")) {
                pair.setString(1, type);
                pair.setInt(2, typeVersion);
                pair.executeUpdate();
            }
        }
    }

    @Test
    void oldVersionsAreUpcastOnReadAndTheLogIsNeverRewritten(TestDatabase db) throws SQLException {
        try (Refold refold = db.configure().load()) {
            refold.events(); // Refold makes its tables when first used
            storeRaw(db, "post-1", 1, "PostPublished", 1, "{\"postId\": \"post-1\", \"title\": \"Old\"}");
        }
        try (Refold refold = db.configure().eventTypes(PostPublished.class).upcasters(ADD_AUTHOR).load()) {
            RecordedEvent<Object> event = refold.events().readStream("post-1").get(0);
            assertThat(event.event()).isEqualTo(new PostPublished("post-1", "Old", "unknown"));
            assertThat(event.typeVersion()).isEqualTo(1);
        }
        try (Connection c = db.connect(); var s = c.createStatement();
             var rs = s.executeQuery("select type_version, payload::text from refold.events")) {
            rs.next();
            assertThat(rs.getInt(1)).isEqualTo(1);
            assertThat(rs.getString(2)).doesNotContain("author");
        }
    }

    @Test
    void upcastersAreDiscoveredLikeProjections(TestDatabase db) throws SQLException {
        try (Refold refold = db.configure().load()) {
            refold.events(); // Refold makes its tables when first used
            storeRaw(db, "post-1", 1, "PostPublished", 1, "{\"postId\": \"post-1\", \"title\": \"Old\"}");
        }
        try (Refold refold = db.configure().discoverProjections(true).eventTypes(PostPublished.class).load()) {
            assertThat(refold.events().readStream("post-1").get(0).event()).isEqualTo(new PostPublished("post-1", "Old", "discovered"));
        }
    }

    @Test
    void aGapInTheChainIsReportedWhenTheLogIsOpened(TestDatabase db) throws SQLException {
        try (Refold refold = db.configure().load()) {
            refold.events(); // Refold makes its tables when first used
            storeRaw(db, "post-1", 1, "PostPublished", 1, "{\"postId\": \"post-1\", \"title\": \"Old\"}");
        }
        assertThatThrownBy(() -> db.configure().eventTypes(PostPublished.class).load())
                .isInstanceOf(RefoldConfigurationException.class)
                .hasMessage("Upcaster chain incomplete for PostPublished (the log holds v1, the code reads v2; missing v1->v2)");
    }

    @Test
    void anUnknownTypeIsAClearErrorOrSkippedWhereConfigured(TestDatabase db) throws SQLException {
        try (Refold refold = db.configure().load()) {
            refold.events().append("s", ExpectedVersion.noStream(), new PostPublished("s", "t", "a"));
            storeRaw(db, "s", 2, "PostArchived", 1, "{\"postId\": \"s\"}");
        }
        try (Refold refold = db.configure().eventTypes(PostPublished.class).load()) {
            assertThatThrownBy(() -> refold.events().readStream("s"))
                    .isInstanceOf(RefoldException.class)
                    .hasMessageStartingWith("Unknown event type 'PostArchived' at position 2");
        }
        try (Refold refold = db.configure().eventTypes(PostPublished.class).skipUnknownEventTypes(true).load()) {
            assertThat(refold.events().readStream("s")).extracting(RecordedEvent::eventType).containsExactly("PostPublished");
        }
    }

    @Test
    void aPayloadThatDoesNotFitItsTypeNamesPositionTypeAndClass(TestDatabase db) throws SQLException {
        try (Refold refold = db.configure().load()) {
            refold.events(); // Refold makes its tables when first used
            storeRaw(db, "bad", 1, "PostPublished", 2, "{\"postId\": 42, \"titel\": \"typo\"}");
        }
        try (Refold refold = db.configure().eventTypes(PostPublished.class).load()) {
            assertThatThrownBy(() -> refold.events().readStream("bad"))
                    .hasMessageStartingWith("Cannot decode event at position 1 (PostPublished v2) into dev.refold.fixtures.PostPublished")
                    .hasMessageContaining("titel");
        }
    }

    @Test
    void anUpcasterThatThrowsIsNamedWithTheEvent(TestDatabase db) throws SQLException {
        try (Refold refold = db.configure().load()) {
            refold.events(); // Refold makes its tables when first used
            storeRaw(db, "post-1", 1, "PostPublished", 1, "{\"postId\": \"post-1\", \"title\": \"Old\"}");
        }
        Upcaster broken = Upcaster.of("PostPublished", 1, json -> {
            throw new IllegalArgumentException("no author for " + json.get("postId").asText());
        });
        try (Refold refold = db.configure().eventTypes(PostPublished.class).upcasters(broken).load()) {
            assertThatThrownBy(() -> refold.events().readStream("post-1"))
                    .hasMessageStartingWith("Upcasting event at position 1 (PostPublished v1 to v2) failed")
                    .hasMessageContaining("no author for post-1");
        }
    }
}

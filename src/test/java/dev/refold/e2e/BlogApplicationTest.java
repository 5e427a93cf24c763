package dev.refold.e2e;

import dev.refold.Refold;
import dev.refold.event.RecordedEvent;
import dev.refold.example.events.PostPublished;
import dev.refold.example.posts.PostsVersion;
import dev.refold.test.RefoldTest;
import dev.refold.test.TestDatabase;
import org.jooq.CloseableDSLContext;
import org.jooq.Record;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/** The application around the story: idempotent startup, upcasting, and the fixtures the build verifies. */
@RefoldTest
class BlogApplicationTest {
    private static final Path VERIFY_FIXTURES = Path.of("migrations-example/src/test/resources/refold/events");

    @Test
    void runningTheApplicationTwiceAppendsNothingTheSecondTime(TestDatabase db) {
        Blog blog = new Blog(db);

        Blog.Run first = blog.runSuccessfully();
        long eventsAfterFirstRun = blog.eventCount();
        Blog.Run second = blog.runSuccessfully();

        assertThat(eventsAfterFirstRun).isEqualTo(23);
        assertThat(blog.eventCount()).isEqualTo(eventsAfterFirstRun);
        assertThat(first.output()).contains("Event log: appended 23 events (head position 23)");
        assertThat(second.output())
                .contains("Event log: the blog's history is already there, nothing appended (head position 23)")
                .contains("Migrate: every read model was up to date");
        assertThat(blog.posts()).hasSize(8);
    }

    @Test
    void firstReleaseEventsAreUpcastWhenReadAndNeverRewritten(TestDatabase db) {
        Blog blog = new Blog(db);
        blog.runSuccessfully();

        try (CloseableDSLContext dsl = blog.dsl()) {
            Record stored = dsl.fetchSingle("select type_version, payload::text as payload from refold.events"
                    + " where stream_id = 'post-1' and event_type = 'PostPublished'");
            assertThat(stored.get("type_version", Integer.class)).isEqualTo(1);
            assertThat(stored.get("payload", String.class)).contains("Hello, world").doesNotContain("authorId");
        }
        try (Refold refold = blog.open(PostsVersion.CURRENT)) {
            RecordedEvent<Object> published = refold.events().readStream("post-1").get(0);
            assertThat(published.event()).isEqualTo(new PostPublished("post-1", "ada", "Hello, world"));
        }
        assertThat(blog.posts().get("post-1").get("author_id", String.class)).isEqualTo("ada");
        assertThat(blog.authorStats().get("ada")).containsExactly(4, 4);
    }

    /**
     * {@code refold:verify} in the example's build replays the NDJSON fixtures, not the application's code: they
     * must hold exactly the history the application writes, or the build would verify something else. The
     * first-release file is stored already upcast, because the plugin cannot be given upcasters yet.
     */
    @Test
    void verifyFixturesHoldTheApplicationsOwnHistory(TestDatabase application, TestDatabase fixtures) throws IOException {
        Blog written = new Blog(application);
        written.runSuccessfully();
        List<String> history;
        try (Refold refold = written.open(PostsVersion.CURRENT)) {
            history = readAll(refold);
        }

        assertThat(VERIFY_FIXTURES).as("the example's verify fixtures, relative to the repository root").isDirectory();
        List<String> imported;
        try (Refold refold = new Blog(fixtures).open(PostsVersion.CURRENT);
             Stream<Path> files = Files.list(VERIFY_FIXTURES)) {
            for (Path file : files.filter(f -> f.toString().endsWith(".ndjson")).sorted().toList()) {
                refold.importEvents(file);
            }
            imported = readAll(refold);
        }

        assertThat(imported).hasSize(23).containsExactlyElementsOf(history);
    }

    /** Each event as the application reads it today: id, stream, place in the stream, type, and the upcast record. */
    private static List<String> readAll(Refold refold) {
        List<String> events = new ArrayList<>();
        refold.events().readAll(0, 100, e -> events.add(e.eventId() + " " + e.streamId() + "@" + e.streamVersion()
                + " " + e.eventType() + " " + e.event()));
        return events;
    }
}

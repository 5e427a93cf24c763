package dev.refold.example.history;

import dev.refold.Refold;
import dev.refold.event.AppendResult;
import dev.refold.event.EventLog;
import dev.refold.event.ExpectedVersion;
import dev.refold.example.events.AuthorRegistered;
import dev.refold.example.events.CommentAdded;
import dev.refold.example.events.PostDeleted;
import dev.refold.example.events.PostPublished;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static dev.refold.example.history.HistoricEvent.onAuthor;
import static dev.refold.example.history.HistoricEvent.onPost;

/**
 * The blog's history so far, which the application writes into an empty log on its first run.
 *
 * <ul>
 *   <li>The <b>first release</b> had a single author and wrote {@code PostPublished} v1 (no author). Those
 *   events cannot be written with today's classes, so they ship as an export of that release's log,
 *   {@value #FIRST_RELEASE}, in the NDJSON format {@code refold:verify} reads, and are imported.</li>
 *   <li>The <b>second release</b> (today's code) added authors; its events are appended as Java records.</li>
 * </ul>
 *
 * Every event has a deterministic id, so writing the history again appends nothing.
 */
public final class BlogHistory {
    /** Classpath resource: the first release's events, with their ids. */
    public static final String FIRST_RELEASE = "dev/refold/example/history/first-release.ndjson";

    /** Events written by today's code, in the order they happened. */
    public static final List<HistoricEvent> SECOND_RELEASE = List.of(
            onAuthor("grace", new AuthorRegistered("grace", "Grace Hopper")),
            onAuthor("edsger", new AuthorRegistered("edsger", "Edsger Dijkstra")),
            onPost("post-4", new PostPublished("post-4", "grace", "Hello, world")),
            onPost("post-4", new CommentAdded("post-4", "c-4", "ada", "Welcome aboard, Grace!")),
            onPost("post-5", new PostPublished("post-5", "grace", "It is easier to ask forgiveness than permission")),
            onPost("post-6", new PostPublished("post-6", "edsger", "Go To Statement Considered Harmful")),
            onPost("post-6", new CommentAdded("post-6", "c-5", "niklaus", "Agreed.")),
            onPost("post-6", new CommentAdded("post-6", "c-6", "donald", "Mostly agreed; a longer reply follows.")),
            onPost("post-5", new CommentAdded("post-5", "c-7", "alan", "And easier still to ask the machine.")),
            onPost("post-7", new PostPublished("post-7", "edsger", "On the cruelty of really teaching computing science")),
            onPost("post-7", new CommentAdded("post-7", "c-8", "grace", "Cruel, or kind?")),
            onPost("post-7", new PostDeleted("post-7")),
            onPost("post-6", new CommentAdded("post-6", "c-9", "grace", "Harmful to whom?")),
            onPost("post-8", new PostPublished("post-8", "ada", "Notes, part II")),
            onPost("post-8", new CommentAdded("post-8", "c-10", "charles", "Worth the wait.")));

    private BlogHistory() {
    }

    /**
     * Writes whatever part of the history the log does not hold yet.
     *
     * @return how many events this call added to the log
     */
    public static long writeTo(Refold refold) {
        EventLog log = refold.events();
        long firstReleaseAdded = refold.importEvents(firstReleaseFile()).eventsAppended();
        long secondReleaseAdded = 0;
        for (HistoricEvent historic : SECOND_RELEASE) {
            // Any stream version will do: this is a script replaying known history, not a command deciding on
            // the current state. The deterministic id is what makes a second run a no-op.
            AppendResult result = log.append(historic.streamId(), ExpectedVersion.any(), historic.toNewEvent());
            if (!result.duplicate()) {
                secondReleaseAdded++;
            }
        }
        return firstReleaseAdded + secondReleaseAdded;
    }

    /** {@link Refold#importEvents} reads files; the export travels on the classpath, possibly inside a jar. */
    private static Path firstReleaseFile() {
        try (InputStream in = BlogHistory.class.getClassLoader().getResourceAsStream(FIRST_RELEASE)) {
            if (in == null) {
                throw new IllegalStateException(FIRST_RELEASE + " is missing from the classpath");
            }
            Path file = Files.createTempFile("refold-example-first-release", ".ndjson");
            file.toFile().deleteOnExit();
            Files.copy(in, file, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
            return file;
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot copy " + FIRST_RELEASE + " to a temporary file", e);
        }
    }
}

package dev.refold.example;

import dev.refold.ProjectionBuildException;
import dev.refold.Refold;
import dev.refold.RefoldConfiguration;
import dev.refold.RefoldException;
import dev.refold.ValidationException;
import dev.refold.event.AppendResult;
import dev.refold.event.StreamVersionConflictException;
import dev.refold.event.Upcaster;
import dev.refold.example.authors.AuthorNotifier;
import dev.refold.example.authors.AuthorStatsProjection;
import dev.refold.example.comments.CommentOnPost;
import dev.refold.example.comments.CommentRejectedException;
import dev.refold.example.events.BlogEvents;
import dev.refold.example.events.BlogUpcasters;
import dev.refold.example.history.BlogHistory;
import dev.refold.example.posts.PostsVersion;
import dev.refold.result.BuildResult;
import dev.refold.result.MigrateResult;
import dev.refold.result.ProjectionInfo;
import dev.refold.result.ValidateResult;

import java.io.PrintStream;
import java.util.List;

/**
 * The blog's startup, as a real application would do it: open Refold (an embedded PostgreSQL in
 * {@code refold-data/}, or the server in {@code REFOLD_URL}), write the history if the log lacks it, then
 * {@code migrate()} so every read model is up to date before serving, and print them with the info table.
 *
 * <p>Exit status: 0 when every read model is up to date, 1 when migrate or validate refused or failed (the
 * previous read models keep serving), a comment was rejected or the database could not be used, 2 for a bad
 * command line.
 */
public final class BlogApplication {
    private BlogApplication() {
    }

    public static void main(String[] args) {
        BlogOptions options;
        try {
            options = BlogOptions.parse(args);
        } catch (IllegalArgumentException e) {
            System.err.println(e.getMessage());
            System.err.println(BlogOptions.USAGE);
            System.exit(2);
            return;
        }
        int status;
        try {
            status = run(Refold.configure(), options, System.out);
        } catch (RefoldException e) {
            // A database that cannot be reached, bad configuration: the message says what and where.
            System.err.println("Refold: " + e.getMessage());
            status = 1;
        }
        if (status != 0) {
            System.exit(status);
        }
    }

    /**
     * Everything {@link #main} does, on a given configuration and output, so that the end-to-end suite runs
     * the application itself against a test database.
     *
     * @return the exit status
     */
    public static int run(RefoldConfiguration configuration, BlogOptions options, PrintStream out) {
        AuthorNotifier notifier = (author, comment) -> out.println("Notify " + author + ": " + comment.commenter()
                + " commented on " + comment.postId() + ": \"" + comment.text() + "\"");
        try (Refold refold = configure(configuration, options.postsVersion(), notifier).load()) {
            out.println("Database: " + refold.url());
            out.println("Posts projection: v" + options.postsVersion().label() + " (" + options.postsVersion().summary() + ")");
            return switch (options.command()) {
                case RUN -> startUp(refold, out);
                case COMMENT -> comment(refold, options.arguments(), out);
                case SERVE -> serve(refold, options.arguments(), out);
                case INFO -> {
                    printInfo(refold, out);
                    yield 0;
                }
                case VALIDATE -> validate(refold, out);
            };
        }
    }

    /** The blog's projections, event types and upcasters, registered explicitly. */
    public static RefoldConfiguration configure(RefoldConfiguration configuration, PostsVersion posts,
                                                AuthorNotifier notifier) {
        return configuration
                // META-INF/services lists the current release for the Maven goals; here --posts decides.
                .discoverProjections(false)
                .projections(posts.projection(), new AuthorStatsProjection(notifier))
                .eventTypes(BlogEvents.TYPES.toArray(Class<?>[]::new))
                .upcasters(BlogUpcasters.ALL.toArray(Upcaster[]::new));
    }

    private static int startUp(Refold refold, PrintStream out) {
        writeHistory(refold, out);
        return migrateAndPrint(refold, out);
    }

    private static int comment(Refold refold, List<String> arguments, PrintStream out) {
        writeHistory(refold, out);
        try {
            AppendResult appended = new CommentOnPost(refold.events())
                    .comment(arguments.get(0), arguments.get(1), arguments.get(2));
            out.println("Event log: appended CommentAdded to " + appended.streamId() + " at position "
                    + appended.lastPosition());
        } catch (CommentRejectedException | StreamVersionConflictException e) {
            out.println("Comment rejected: " + e.getMessage());
            return 1;
        }
        return migrateAndPrint(refold, out);
    }

    /**
     * What a long-running instance does: migrate at startup, then {@code start()} live catch-up. The comment is
     * appended while catch-up runs, and reaches the read model without another {@code migrate()}.
     */
    private static int serve(Refold refold, List<String> arguments, PrintStream out) {
        writeHistory(refold, out);
        int status = migrate(refold, out);
        if (status != 0) {
            return status;
        }
        LiveCommentCount comments = new LiveCommentCount(refold.dataSource());
        long before = comments.total();
        refold.start();
        out.println("Live catch-up: started (no more migrate calls from here)");
        try {
            AppendResult appended = new CommentOnPost(refold.events())
                    .comment(arguments.get(0), arguments.get(1), arguments.get(2));
            out.println("Event log: appended CommentAdded to " + appended.streamId() + " at position " + appended.lastPosition());
        } catch (CommentRejectedException | StreamVersionConflictException e) {
            out.println("Comment rejected: " + e.getMessage());
            return 1;
        }
        boolean seen = comments.awaitTotal(before + 1, java.time.Duration.ofSeconds(10));
        refold.stop();
        out.println(seen
                ? "Live catch-up: author_stats now counts " + (before + 1) + " comments; stopped"
                : "Live catch-up: the comment did not reach author_stats within 10 s; stopped");
        printInfo(refold, out);
        return seen ? 0 : 1;
    }

    private static void writeHistory(Refold refold, PrintStream out) {
        long appended = BlogHistory.writeTo(refold);
        long head = refold.events().headPosition();
        out.println(appended == 0
                ? "Event log: the blog's history is already there, nothing appended (head position " + head + ")"
                : "Event log: appended " + appended + " events (head position " + head + ")");
    }

    private static int migrateAndPrint(Refold refold, PrintStream out) {
        int status = migrate(refold, out);
        out.println();
        new ReadModels(refold.dataSource()).print(out);
        printInfo(refold, out);
        return status;
    }

    private static int migrate(Refold refold, PrintStream out) {
        try {
            MigrateResult result = refold.migrate();
            for (BuildResult build : result.built()) {
                out.println("Migrate: built " + build.projection() + " " + versionChange(build) + ", "
                        + build.eventsReplayed() + " events replayed in " + build.executionTimeMillis() + " ms");
            }
            if (result.eventsCaughtUp() > 0) {
                out.println("Migrate: caught the read models up with the new events (" + result.eventsCaughtUp()
                        + " applied, counted per projection)");
            }
            if (result.nothingToDo()) {
                out.println("Migrate: every read model was up to date");
            }
            return 0;
        } catch (ValidationException e) {
            out.println("Migrate refused. " + e.getMessage());
            return 1;
        } catch (ProjectionBuildException e) {
            out.println("Migrate failed: " + e.getMessage());
            out.println(serving(refold, e.projection()));
            return 1;
        }
    }

    /** After a failed build: what readers see now. */
    private static String serving(Refold refold, String projection) {
        Integer built = refold.info().projection(projection).map(ProjectionInfo::builtVersion).orElse(null);
        return built == null
                ? "Projection " + projection + " has no read model yet: it was never built successfully."
                : "Version " + built + " of projection " + projection + " keeps serving.";
    }

    private static String versionChange(BuildResult build) {
        return build.previousVersion() == null
                ? "v" + build.version() + " (first build)"
                : "v" + build.previousVersion() + " -> v" + build.version();
    }

    private static void printInfo(Refold refold, PrintStream out) {
        out.println(refold.info().toTable());
    }

    private static int validate(Refold refold, PrintStream out) {
        ValidateResult result = refold.validateWithResult();
        out.println(result.message());
        return result.valid() ? 0 : 1;
    }
}

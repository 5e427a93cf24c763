package dev.refold.e2e;

import dev.refold.Refold;
import dev.refold.RefoldConfiguration;
import dev.refold.example.BlogApplication;
import dev.refold.example.BlogOptions;
import dev.refold.example.posts.PostsVersion;
import dev.refold.test.TestDatabase;
import org.jooq.CloseableDSLContext;
import org.jooq.Record;
import org.jooq.Result;
import org.jooq.impl.DSL;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

import static dev.refold.example.readmodel.author_stats.Tables.AUTHOR;
import static dev.refold.example.readmodel.posts.Tables.POST;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The example blog on one test database: run the application as a newcomer would, or open Refold with the
 * blog's configuration to inspect results, and read the read models back.
 */
final class Blog {
    private final TestDatabase db;
    /** What the author_stats projection opened by {@link #open} notified, in order. */
    private final List<String> notifications = new java.util.concurrent.CopyOnWriteArrayList<>();

    Blog(TestDatabase db) {
        this.db = db;
    }

    /** What one run of the application returned and printed. */
    record Run(int status, String output) {
    }

    /** Runs {@code BlogApplication} with these command-line arguments. */
    Run run(String... args) {
        ByteArrayOutputStream printed = new ByteArrayOutputStream();
        int status;
        try (PrintStream out = new PrintStream(printed, true, StandardCharsets.UTF_8)) {
            status = BlogApplication.run(configuration(), BlogOptions.parse(args), out);
        }
        return new Run(status, printed.toString(StandardCharsets.UTF_8));
    }

    /** Runs the application, which must succeed; its output explains a failure. */
    Run runSuccessfully(String... args) {
        Run run = run(args);
        assertThat(run.status()).as("exit status of BlogApplication %s; it printed:%n%s", String.join(" ", args), run.output())
                .isZero();
        return run;
    }

    /** Refold configured as the application configures it, with this version of the posts projection. */
    Refold open(PostsVersion posts) {
        return BlogApplication.configure(configuration(), posts,
                (author, comment) -> notifications.add(author + " <- " + comment.commentId())).load();
    }

    List<String> notifications() {
        return List.copyOf(notifications);
    }

    private RefoldConfiguration configuration() {
        return db.configure();
    }

    /** The serving {@code posts.post} rows by post id, with whatever columns the serving version has. */
    Map<String, Record> posts() {
        try (CloseableDSLContext dsl = dsl()) {
            Result<Record> rows = dsl.select().from(DSL.table(DSL.name("posts", "post"))).fetch();
            return rows.stream().collect(Collectors.toMap(row -> row.get(POST.ID.getName(), String.class), row -> row));
        }
    }

    /** The column names of the serving {@code posts.post}, in table order. */
    List<String> postColumns() {
        try (CloseableDSLContext dsl = dsl()) {
            return dsl.fetchValues("select column_name::text from information_schema.columns"
                    + " where table_schema = 'posts' and table_name = 'post' order by ordinal_position").stream()
                    .map(String::valueOf).toList();
        }
    }

    /** {@code author_stats.author}: posts published and comments received, by author id. */
    Map<String, List<Integer>> authorStats() {
        try (CloseableDSLContext dsl = dsl()) {
            return dsl.selectFrom(AUTHOR).fetchMap(AUTHOR.ID, r -> List.of(r.getPostsPublished(), r.getCommentsReceived()));
        }
    }

    long eventCount() {
        try (CloseableDSLContext dsl = dsl()) {
            return dsl.fetchOne("select count(*) from refold.events").get(0, Long.class);
        }
    }

    /** {@code refold.projection_history} for one projection, oldest first: "v<version> SUCCESS|FAILED". */
    List<String> history(String projection) {
        try (CloseableDSLContext dsl = dsl()) {
            return dsl.fetch("select version, success from refold.projection_history where projection = ?"
                            + " order by installed_rank", projection).stream()
                    .map(r -> "v" + r.get(0) + " " + (r.get(1, Boolean.class) ? "SUCCESS" : "FAILED"))
                    .toList();
        }
    }

    /** The newest history row of a projection: error text of a failed build, null after a success. */
    String lastHistoryError(String projection) {
        try (CloseableDSLContext dsl = dsl()) {
            return dsl.fetchOne("select error from refold.projection_history where projection = ?"
                    + " order by installed_rank desc limit 1", projection).get(0, String.class);
        }
    }

    CloseableDSLContext dsl() {
        return DSL.using(db.url(), db.user(), db.password());
    }
}

package dev.refold.e2e;

import dev.refold.ProjectionBuildException;
import dev.refold.Refold;
import dev.refold.ValidationException;
import dev.refold.event.RecordedEvent;
import dev.refold.example.events.CommentAdded;
import dev.refold.example.posts.PostsVersion;
import dev.refold.result.BuildResult;
import dev.refold.result.InfoResult;
import dev.refold.result.MigrateResult;
import dev.refold.result.ProjectionInfo;
import dev.refold.result.ProjectionState;
import dev.refold.result.ValidateResult;
import dev.refold.test.RefoldTest;
import dev.refold.test.TestDatabase;
import org.jooq.Record;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.tuple;

/**
 * The walkthrough of migrations-example/README.md, step by step, on the blog's own history: each test starts
 * from an empty database, brings the blog to the step before (by running the application, as the README does),
 * then checks what the step promises.
 */
@RefoldTest
class PostsStoryTest {
    private static final String POSTS = PostsVersion.PROJECTION;
    private static final String AUTHOR_STATS = "author_stats";
    /** The blog's history: 8 events from the first release, 15 from the second. */
    private static final long HISTORY = 23;
    /** PostPublished (8) and PostDeleted (2): what posts v1 and v2 handle. */
    private static final long POST_EVENTS = 10;
    /** ... and CommentAdded (10), which v3 starts to count. */
    private static final long POST_AND_COMMENT_EVENTS = 20;

    @Test
    @DisplayName("1. The first build builds every projection from the log")
    void firstBuildBuildsEveryProjection(TestDatabase db) {
        Blog blog = new Blog(db);

        Blog.Run run = blog.runSuccessfully("--posts=1");

        assertThat(run.output())
                .contains("Event log: appended 23 events (head position 23)")
                .contains("Migrate: built posts v1 (first build), 10 events replayed in ")
                .contains("Migrate: built author_stats v1 (first build), 21 events replayed in ");
        assertThat(blog.eventCount()).isEqualTo(HISTORY);
        try (Refold refold = blog.open(PostsVersion.V1)) {
            InfoResult info = refold.info();
            assertThat(info.projections()).extracting(ProjectionInfo::projection, ProjectionInfo::state,
                            ProjectionInfo::builtVersion, ProjectionInfo::position, ProjectionInfo::lag)
                    .containsExactlyInAnyOrder(
                            tuple(POSTS, ProjectionState.CURRENT, 1, HISTORY, 0L),
                            tuple(AUTHOR_STATS, ProjectionState.CURRENT, 1, HISTORY, 0L));
            assertThat(info.projection(POSTS).orElseThrow().eventsApplied()).isEqualTo(POST_EVENTS);
        }
        // v1 honours PostDeleted: the poem draft (first release) and the lecture (second release) are gone.
        assertThat(blog.posts()).containsOnlyKeys("post-1", "post-2", "post-4", "post-5", "post-6", "post-8");
        assertThat(blog.postColumns()).containsExactly("id", "author_id", "title");
        assertThat(blog.authorStats()).containsExactlyInAnyOrderEntriesOf(Map.of(
                "ada", List.of(4, 4),
                "grace", List.of(2, 2),
                "edsger", List.of(2, 4)));
    }

    @Test
    @DisplayName("2. Posts v2 rebuilds from the whole log, and the deleted posts reappear")
    void postsV2ReplaysTheWholeLogAndDeletedPostsReappear(TestDatabase db) {
        Blog blog = new Blog(db);
        blog.runSuccessfully("--posts=1");
        assertThat(blog.posts()).doesNotContainKeys("post-3", "post-7");

        try (Refold refold = blog.open(PostsVersion.V2)) {
            ProjectionInfo before = refold.info().projection(POSTS).orElseThrow();
            assertThat(before.state()).isEqualTo(ProjectionState.OUTDATED);
            assertThat(refold.info().toTable()).containsPattern("\\| posts +\\| 1 -> 2 +\\| Keep deleted posts +\\| OUTDATED");

            MigrateResult result = refold.migrate();

            assertThat(result.built()).singleElement().satisfies(build -> {
                assertThat(build.projection()).isEqualTo(POSTS);
                assertThat(build.previousVersion()).isEqualTo(1);
                assertThat(build.version()).isEqualTo(2);
                // The whole log, not the events after v1's checkpoint: a v1 snapshot has no deleted posts in it.
                assertThat(build.eventsReplayed()).isEqualTo(POST_EVENTS);
                assertThat(build.lastPosition()).isEqualTo(HISTORY);
                assertThat(build.executionTimeMillis()).isNotNegative();
            });
            ProjectionInfo after = refold.info().projection(POSTS).orElseThrow();
            assertThat(after.state()).isEqualTo(ProjectionState.CURRENT);
            assertThat(after.builtVersion()).isEqualTo(2);
            assertThat(after.eventsApplied()).isEqualTo(POST_EVENTS);
            assertThat(after.builtOn()).isAfterOrEqualTo(before.builtOn());
            assertThat(refold.info().toTable()).containsPattern("\\| posts +\\| 2 +\\| Keep deleted posts +\\| CURRENT");
        }
        Map<String, Record> posts = blog.posts();
        assertThat(posts).containsOnlyKeys("post-1", "post-2", "post-3", "post-4", "post-5", "post-6", "post-7", "post-8");
        assertThat(posts.get("post-3").get("deleted", Boolean.class)).isTrue();
        assertThat(posts.get("post-7").get("deleted", Boolean.class)).isTrue();
        assertThat(posts.get("post-1").get("deleted", Boolean.class)).isFalse();
        assertThat(blog.history(POSTS)).containsExactly("v1 SUCCESS", "v2 SUCCESS");
    }

    @Test
    @DisplayName("2. (as printed) The application reports the rebuild with its events and time")
    void theApplicationPrintsTheRebuild(TestDatabase db) {
        Blog blog = new Blog(db);
        blog.runSuccessfully("--posts=1");

        Blog.Run v2 = blog.runSuccessfully("--posts=2");

        assertThat(v2.output())
                .contains("Event log: the blog's history is already there, nothing appended (head position 23)")
                .containsPattern("Migrate: built posts v1 -> v2, 10 events replayed in \\d+ ms")
                .doesNotContain("built author_stats")
                .containsPattern("\\| posts +\\| 2 +\\| Keep deleted posts +\\| CURRENT +\\| [0-9: -]+\\| 10 +\\| 23 +\\| 0 +\\|");
    }

    @Test
    @DisplayName("3. A new property is filled in for every old event")
    void postsV3FillsCommentCountFromOldEvents(TestDatabase db) {
        Blog blog = new Blog(db);
        blog.runSuccessfully("--posts=2");

        try (Refold refold = blog.open(PostsVersion.V3)) {
            BuildResult build = refold.migrate().built().get(0);
            assertThat(build.previousVersion()).isEqualTo(2);
            assertThat(build.eventsReplayed()).isEqualTo(POST_AND_COMMENT_EVENTS);

            Map<String, Integer> commentsInTheLog = new HashMap<>();
            refold.events().readAll(0, 100, (RecordedEvent<Object> e) -> {
                if (e.event() instanceof CommentAdded comment) {
                    commentsInTheLog.merge(comment.postId(), 1, Integer::sum);
                }
            });
            Map<String, Record> posts = blog.posts();
            assertThat(blog.postColumns()).contains("comment_count");
            assertThat(posts).hasSize(8);
            posts.forEach((id, row) -> assertThat(row.get("comment_count", Integer.class))
                    .as("comment_count of %s", id)
                    .isEqualTo(commentsInTheLog.getOrDefault(id, 0)));
            // Posts and comments from the first release, written long before the column existed, are counted too.
            assertThat(posts.get("post-2").get("comment_count", Integer.class)).isEqualTo(2);
            assertThat(posts.get("post-1").get("comment_count", Integer.class)).isEqualTo(1);
        }
    }

    @Test
    @DisplayName("4. A buggy version fails naming the event, the previous version keeps serving, the fix succeeds")
    void buggyV4FailsAndV3KeepsServingUntilTheFix(TestDatabase db) {
        Blog blog = new Blog(db);
        blog.runSuccessfully("--posts=3");
        Map<String, Record> servedByV3 = blog.posts();

        try (Refold refold = blog.open(PostsVersion.V4_BUGGY)) {
            long secondHelloWorld = refold.events().readStream("post-4").get(0).position();

            assertThatThrownBy(refold::migrate)
                    .isInstanceOfSatisfying(ProjectionBuildException.class, e -> {
                        assertThat(e.projection()).isEqualTo(POSTS);
                        assertThat(e.version()).isEqualTo(4);
                        assertThat(e.position()).hasValue(secondHelloWorld);
                        assertThat(e.eventType()).isEqualTo("PostPublished");
                    })
                    .hasMessageContaining("Projection 'posts' v4 failed at event position " + secondHelloWorld
                            + " (PostPublished v2, stream post-4)")
                    .hasMessageContaining("Key (slug)=(hello-world) already exists");

            ProjectionInfo info = refold.info().projection(POSTS).orElseThrow();
            assertThat(info.state()).isEqualTo(ProjectionState.FAILED);
            assertThat(info.builtVersion()).isEqualTo(3);
            assertThat(info.failure()).contains("position " + secondHelloWorld);
        }
        // v3 still serves every row, unchanged, and no v4 column leaked in.
        assertThat(blog.posts()).isEqualTo(servedByV3);
        assertThat(blog.postColumns()).doesNotContain("slug");
        assertThat(blog.history(POSTS)).containsExactly("v3 SUCCESS", "v4 FAILED");
        assertThat(blog.lastHistoryError(POSTS)).contains("PostPublished");

        try (Refold refold = blog.open(PostsVersion.V4)) {
            BuildResult fixed = refold.migrate().built().get(0);

            assertThat(fixed.previousVersion()).isEqualTo(3);
            assertThat(fixed.version()).isEqualTo(4);
            assertThat(refold.info().projection(POSTS).orElseThrow().state()).isEqualTo(ProjectionState.CURRENT);
        }
        Map<String, Record> posts = blog.posts();
        assertThat(posts.get("post-1").get("slug", String.class)).isEqualTo("hello-world-post-1");
        assertThat(posts.get("post-4").get("slug", String.class)).isEqualTo("hello-world-post-4");
        assertThat(posts.get("post-6").get("comment_count", Integer.class)).isEqualTo(3);
        assertThat(blog.history(POSTS)).containsExactly("v3 SUCCESS", "v4 FAILED", "v4 SUCCESS");
    }

    @Test
    @DisplayName("4. (as printed) The application reports the failure and exits with status 1")
    void theApplicationPrintsTheFailure(TestDatabase db) {
        Blog blog = new Blog(db);
        blog.runSuccessfully("--posts=3");

        Blog.Run buggy = blog.run("--posts=4-buggy");

        assertThat(buggy.status()).isEqualTo(1);
        assertThat(buggy.output())
                .contains("Migrate failed: Projection 'posts' v4 failed at event position 11 (PostPublished v2, stream post-4)")
                .contains("Version 3 of projection posts keeps serving.")
                .containsPattern("\\| posts +\\| 3 -> 4 +\\| Add slugs +\\| FAILED +\\|");
        Blog.Run fixed = blog.runSuccessfully("--posts=4");
        assertThat(fixed.output()).containsPattern("Migrate: built posts v3 -> v4, 20 events replayed in \\d+ ms");
    }

    @Test
    @DisplayName("5. A forgotten version bump is caught by validate")
    void forgottenVersionBumpIsCaughtByValidate(TestDatabase db) {
        Blog blog = new Blog(db);
        blog.runSuccessfully("--posts=4");
        Map<String, Record> servedByV4 = blog.posts();
        String expected = "projection posts changed since version 4 was built: bump its version, or run repair"
                + " if the change cannot alter its output";

        try (Refold refold = blog.open(PostsVersion.V4_UNBUMPED)) {
            ValidateResult result = refold.validateWithResult();
            assertThat(result.valid()).isFalse();
            assertThat(result.errors()).containsExactly(expected);

            ProjectionInfo info = refold.info().projection(POSTS).orElseThrow();
            assertThat(info.state()).isEqualTo(ProjectionState.CHANGED);
            assertThat(info.declaredVersion()).isEqualTo(info.builtVersion()).isEqualTo(4);
            assertThat(info.declaredChecksum()).isNotEqualTo(info.builtChecksum());

            assertThatThrownBy(refold::validate).isInstanceOf(ValidationException.class).hasMessageContaining(expected);
            // migrate validates first, so the stale rows are never silently served as if they were the new code's.
            assertThatThrownBy(refold::migrate).isInstanceOf(ValidationException.class);
        }
        assertThat(blog.posts()).isEqualTo(servedByV4);

        Blog.Run validate = blog.run("validate", "--posts=4-unbumped");
        assertThat(validate.status()).isEqualTo(1);
        assertThat(validate.output()).contains(expected);
        blog.runSuccessfully("validate", "--posts=4");
    }
}

package dev.refold.e2e;

import dev.refold.Refold;
import dev.refold.example.authors.AuthorStatsProjection;
import dev.refold.example.posts.PostsVersion;
import dev.refold.test.RefoldTest;
import dev.refold.test.TestDatabase;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * After the history: a reader comments. The command folds the post's stream to decide, appends with the
 * stream's version, and migrate catches the read models up, running the live-only notification once, never
 * during a rebuild.
 */
@RefoldTest
class LiveCommentTest {

    @Test
    void aNewCommentIsCaughtUpAndItsAuthorIsNotifiedOnce(TestDatabase db) {
        Blog blog = new Blog(db);
        blog.runSuccessfully();

        Blog.Run comment = blog.runSuccessfully("comment", "post-4", "linus", "Nice to see you here");

        assertThat(comment.output())
                .contains("Event log: appended CommentAdded to post-4 at position 24")
                .contains("Notify Grace Hopper: linus commented on post-4: \"Nice to see you here\"")
                .contains("Migrate: caught the read models up with the new events (2 applied, counted per projection)")
                .doesNotContain("Migrate: built");
        assertThat(blog.posts().get("post-4").get("comment_count", Integer.class)).isEqualTo(2);
        assertThat(blog.authorStats().get("grace")).containsExactly(2, 3);
        assertThat(blog.runSuccessfully().output()).doesNotContain("Notify");
    }

    @Test
    void aServingInstanceCatchesUpWithoutMigrate(TestDatabase db) {
        Blog blog = new Blog(db);
        blog.runSuccessfully();

        Blog.Run serve = blog.runSuccessfully("serve", "post-4", "linus", "Seen live");

        assertThat(serve.output())
                .contains("Migrate: every read model was up to date")
                .contains("Live catch-up: started (no more migrate calls from here)")
                .contains("Event log: appended CommentAdded to post-4 at position 24")
                .contains("Notify Grace Hopper: linus commented on post-4: \"Seen live\"")
                .contains("Live catch-up: author_stats now counts 11 comments; stopped");
        assertThat(blog.posts().get("post-4").get("comment_count", Integer.class)).isEqualTo(2);
        assertThat(blog.authorStats().get("grace")).containsExactly(2, 3);
    }

    @Test
    void aRebuildReplaysOldCommentsWithoutNotifyingAnyone(TestDatabase db) {
        Blog blog = new Blog(db);
        blog.runSuccessfully();
        blog.runSuccessfully("comment", "post-4", "linus", "Nice to see you here");

        try (Refold refold = blog.open(PostsVersion.CURRENT)) {
            assertThat(refold.rebuild(AuthorStatsProjection.NAME).eventsReplayed()).isEqualTo(22);
        }

        assertThat(blog.notifications()).isEmpty();
        assertThat(blog.authorStats().get("grace")).containsExactly(2, 3);
    }

    @Test
    void aDeletedPostTakesNoComment(TestDatabase db) {
        Blog blog = new Blog(db);
        blog.runSuccessfully();

        Blog.Run comment = blog.run("comment", "post-7", "linus", "Too late?");

        assertThat(comment.status()).isEqualTo(1);
        assertThat(comment.output()).contains("Comment rejected: Post 'post-7' (\"On the cruelty of really teaching"
                + " computing science\") was deleted: comments are closed");
        assertThat(blog.eventCount()).isEqualTo(23);
        assertThat(blog.run("comment", "post-9", "linus", "Hello?").output())
                .contains("Comment rejected: There is no post 'post-9'");
    }
}

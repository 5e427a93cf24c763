package dev.refold.projection;

import dev.refold.fixtures.PostDeleted;
import dev.refold.fixtures.PostLiked;
import dev.refold.fixtures.PostPublished;
import dev.refold.fixtures.PostsProjections;
import dev.refold.test.ProjectionFixture;
import dev.refold.test.RefoldTest;
import dev.refold.test.TestDatabase;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

@RefoldTest
class ProjectionFixtureTest {

    @Test
    void givenEventsWhenBuiltThenRowsAndTheRebuildContract(TestDatabase db) {
        new ProjectionFixture(db, new PostsProjections.V3())
                .given("post-1", new PostPublished("post-1", "Hello", "ann"), new PostLiked("post-1", "bob"))
                .given("post-2", new PostPublished("post-2", "Bye", "ann"), new PostDeleted("post-2"))
                .whenBuilt()
                .thenRows("select id, deleted, likes from posts.post order by id",
                        List.of("post-1", false, 1), List.of("post-2", true, 0))
                .whenAppended("post-1", new PostLiked("post-1", "cy"))
                .thenRows("select likes from posts.post where id = 'post-1'", List.of(2))
                .thenRebuildEqualsIncremental();
    }

    @Test
    void aFailingHandlerIsReportedWithItsEvent(TestDatabase db) {
        new ProjectionFixture(db, new PostsProjections.V4Buggy())
                .given("post-1", new PostPublished("post-1", "Hello", "ann"), new PostLiked("post-1", "mallory"))
                .whenBuilt()
                .thenFailedAt(2, "PostLiked");
    }

    @Test
    void aWrongExpectationFailsWithBothSides(TestDatabase db) {
        ProjectionFixture fixture = new ProjectionFixture(db, new PostsProjections.V1())
                .given("post-1", new PostPublished("post-1", "Hello", "ann"))
                .whenBuilt();
        assertThatThrownBy(() -> fixture.thenRows("select id from posts.post", List.of("post-9")))
                .hasMessageContaining("expected: [[post-9]]").hasMessageContaining("but was:  [[post-1]]");
    }
}

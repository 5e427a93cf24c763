package dev.refold.example;

import dev.refold.example.posts.PostsVersion;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class BlogOptionsTest {

    @Test
    void withoutArgumentsTheBlogRunsItsCurrentRelease() {
        assertThat(BlogOptions.parse()).isEqualTo(new BlogOptions(BlogOptions.Command.RUN, List.of(), PostsVersion.V4));
    }

    @Test
    void aCommandAndAPostsVersionCanComeInEitherOrder() {
        BlogOptions expected = new BlogOptions(BlogOptions.Command.VALIDATE, List.of(), PostsVersion.V4_UNBUMPED);

        assertThat(BlogOptions.parse("validate", "--posts=4-unbumped")).isEqualTo(expected);
        assertThat(BlogOptions.parse("--posts=4-unbumped", "validate")).isEqualTo(expected);
    }

    @Test
    void commentTakesThePostTheCommenterAndTheText() {
        assertThat(BlogOptions.parse("comment", "post-4", "linus", "Nice to see you here").arguments())
                .containsExactly("post-4", "linus", "Nice to see you here");
        assertThatThrownBy(() -> BlogOptions.parse("comment", "post-4"))
                .hasMessage("Command comment takes 3 arguments, got 1: [post-4]");
        assertThatThrownBy(() -> BlogOptions.parse("info", "post-4"))
                .hasMessage("Command info takes 0 arguments, got 1: [post-4]");
    }

    @Test
    void anUnknownVersionListsTheOnesThereAre() {
        assertThatThrownBy(() -> BlogOptions.parse("--posts=5"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("Unknown posts version '5'; choose one of: 1 (deleted posts disappear), 2 (")
                .hasMessageContaining("4-buggy (");
    }

    @Test
    void anUnknownCommandOrOptionIsNamed() {
        assertThatThrownBy(() -> BlogOptions.parse("migrate")).hasMessage("Unknown command 'migrate'");
        assertThatThrownBy(() -> BlogOptions.parse("--post=2")).hasMessage("Unknown option '--post=2'");
    }
}

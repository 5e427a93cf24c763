package dev.refold.example.posts;

import dev.refold.projection.Projection;

import java.util.Arrays;
import java.util.function.Supplier;
import java.util.stream.Collectors;

/**
 * The versions of the posts projection the walkthrough steps through, selected on the command line with
 * {@code --posts=<label>}. A real application registers only its current projection; the example keeps each
 * version as its own class so that a newcomer can replay the story by running commands.
 */
public enum PostsVersion {
    V1("1", "deleted posts disappear", PostsV1::new),
    V2("2", "deleted posts stay, marked deleted", PostsV2::new),
    V3("3", "adds comment_count, filled in from old events", PostsV3::new),
    V4_BUGGY("4-buggy", "adds slugs, but two posts share a title", PostsV4Buggy::new),
    V4("4", "adds slugs, fixed: the current release", PostsV4::new),
    V4_UNBUMPED("4-unbumped", "edits v4's slugs without bumping the version", PostsV4Unbumped::new);

    /** The projection's name, and so the schema its table lives in. */
    public static final String PROJECTION = "posts";

    /** What the blog runs when no version is asked for; also the one registered in META-INF/services. */
    public static final PostsVersion CURRENT = V4;

    private final String label;
    private final String summary;
    private final Supplier<Projection> factory;

    PostsVersion(String label, String summary, Supplier<Projection> factory) {
        this.label = label;
        this.summary = summary;
        this.factory = factory;
    }

    /** The value of {@code --posts=}. */
    public String label() {
        return label;
    }

    public String summary() {
        return summary;
    }

    public Projection projection() {
        return factory.get();
    }

    public static PostsVersion fromLabel(String label) {
        return Arrays.stream(values())
                .filter(version -> version.label.equals(label))
                .findFirst()
                .orElseThrow(() -> new IllegalArgumentException("Unknown posts version '" + label + "'; choose one of: "
                        + Arrays.stream(values()).map(v -> v.label + " (" + v.summary + ")").collect(Collectors.joining(", "))));
    }
}

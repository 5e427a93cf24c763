package dev.refold.example.events;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.refold.event.Upcaster;

import java.util.List;

/** The steps that bring old event versions up to the records above, applied as events are read. */
public final class BlogUpcasters {
    /**
     * Before the blog had several authors, every post was written by its founder. The id is the one her
     * {@code AuthorRegistered} event has carried since the first release.
     */
    public static final String FOUNDING_AUTHOR_ID = "ada";

    public static final List<Upcaster> ALL = List.of(new PostPublishedV1ToV2());

    private BlogUpcasters() {
    }

    /**
     * PostPublished v1 {@code {postId, title}} becomes v2 {@code {postId, authorId, title}}. Listed in
     * {@code META-INF/services/dev.refold.event.Upcaster}, so the Maven plugin's goals find it too.
     */
    public static final class PostPublishedV1ToV2 implements Upcaster {
        @Override
        public String eventType() {
            return "PostPublished";
        }

        @Override
        public int fromVersion() {
            return 1;
        }

        @Override
        public ObjectNode upcast(ObjectNode v1) {
            return v1.put("authorId", FOUNDING_AUTHOR_ID);
        }
    }
}

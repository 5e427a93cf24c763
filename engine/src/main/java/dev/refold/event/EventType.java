package dev.refold.event;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Gives an event class its stable stored identity. The Java class name never reaches the log, so classes
 * can be renamed and moved freely; the name and version cannot.
 *
 * <pre>{@code
 * @EventType(name = "PostPublished", version = 2)
 * public record PostPublished(String postId, String title, String authorId) {}
 * }</pre>
 */
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.TYPE)
public @interface EventType {
    /** The type name stored in the log. */
    String name();

    /** The current version of the payload's shape; older stored versions are upcast to it on read. */
    int version() default 1;
}

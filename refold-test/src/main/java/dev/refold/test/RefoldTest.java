package dev.refold.test;

import org.junit.jupiter.api.extension.ExtendWith;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Marks a JUnit 5 test class whose methods take a fresh {@link TestDatabase}:
 *
 * <pre>{@code
 * @RefoldTest
 * class PostsProjectionTest {
 *     @Test
 *     void deletedPostsStayVisible(TestDatabase db) {
 *         new ProjectionFixture(db, new PostsProjection()).given("post-1", ...).whenBuilt().thenRows(...);
 *     }
 * }
 * }</pre>
 *
 * <p>Where the databases live, chosen once per test JVM:
 * <ul>
 *   <li>{@code REFOLD_TEST_URL} set: on that server (a JDBC URL of any database on it; each test gets a database of
 *       its own created there), as {@code REFOLD_TEST_USER} (default {@code postgres}) with
 *       {@code REFOLD_TEST_PASSWORD} (default none); the user needs CREATEDB;</li>
 *   <li>{@code REFOLD_TEST_DB=testcontainers} and Docker available: a PostgreSQL 17 container (add
 *       {@code org.testcontainers:testcontainers-postgresql} to the test classpath);</li>
 *   <li>otherwise: an embedded PostgreSQL 17 in a temporary directory, durability off, no Docker needed.</li>
 * </ul>
 */
@Target(ElementType.TYPE)
@Retention(RetentionPolicy.RUNTIME)
@ExtendWith(RefoldDatabaseExtension.class)
public @interface RefoldTest {
}

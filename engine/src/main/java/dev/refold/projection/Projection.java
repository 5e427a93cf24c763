package dev.refold.projection;

/**
 * A read model defined as a versioned migration. Refold rebuilds it from the whole log whenever its
 * {@link #version()} goes up, and {@code validate} refuses to run it when its code or DDL changed without
 * a version bump.
 *
 * <p>Its tables live in schema {@link #name()}, created by the classpath resource
 * {@code db/refold/<name>/V<version>__<Description>.sql}, written with unqualified table names.
 *
 * <pre>{@code
 * public final class PostsProjection implements Projection {
 *     public String name() { return "posts"; }
 *     public int version() { return 2; }
 *     public void define(ProjectionSpec spec) {
 *         spec.on(PostPublished.class, (e, ctx) -> ctx.dsl().insertInto(POST) ... .execute());
 *         spec.onLive(PostPublished.class, (e, ctx) -> mailer.announce(e));   // never during a rebuild
 *     }
 * }
 * }</pre>
 */
public interface Projection {
    /**
     * The projection's name, also the name of its schema: lower-case letters, digits and underscores, starting with a
     * letter or an underscore ({@code [a-z_][a-z0-9_]*}), at most 63 bytes. Names that would collide with a system or
     * Refold schema are refused: {@code public}, {@code information_schema}, Refold's own schema ({@code refold} by
     * default), and any name starting with {@code pg_} or {@code refold_}.
     */
    String name();

    /**
     * The declared version. Its DDL is {@code db/refold/<name>/V<version>__<Description>.sql}, or, when that file does
     * not exist, the newest earlier version's: a version that changes only the handlers needs no copy of the DDL. Each
     * script is the whole schema of the read model (a rebuild starts from an empty schema), never a change to the
     * previous version's.
     */
    int version();

    /** Registers the handlers. Called once when Refold loads. */
    void define(ProjectionSpec spec);
}

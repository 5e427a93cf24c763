package dev.refold.internal.projection;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import javax.tools.JavaCompiler;
import javax.tools.ToolProvider;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.TreeSet;

import static org.assertj.core.api.Assertions.assertThat;

/** What the checksum sees of a projection's code: its behaviour, not how it was compiled or where its lines are. */
class ProjectionChecksumTest {
    private static final String SOURCE = """
            package sample;

            import dev.refold.projection.Projection;
            import dev.refold.projection.ProjectionSpec;

            public final class Titles implements Projection {
                public String name() { return "titles"; }
                public int version() { return 1; }
                public void define(ProjectionSpec spec) {
                    spec.onLive(String.class, (e, ctx) -> System.out.println(%s));
                }
                static final class Helper { int weight() { return %s; } }
            }
            """;
    private static final DdlScript DDL = new DdlScript("db/refold/titles/V1__Titles.sql", 1, "Titles",
            "create table title (id text primary key);\n");

    @TempDir
    Path dir;

    private String checksum(String name, String body, String weight, String... javacOptions) throws Exception {
        Path src = dir.resolve(name).resolve("src/sample/Titles.java");
        Path out = dir.resolve(name).resolve("classes");
        Files.createDirectories(src.getParent());
        Files.createDirectories(out);
        Files.writeString(src, SOURCE.formatted(body, weight));
        JavaCompiler javac = ToolProvider.getSystemJavaCompiler();
        String[] args = new String[javacOptions.length + 5];
        System.arraycopy(javacOptions, 0, args, 0, javacOptions.length);
        System.arraycopy(new String[]{"-classpath", System.getProperty("java.class.path"), "-d", out.toString(), src.toString()},
                0, args, javacOptions.length, 5);
        assertThat(javac.run(null, null, null, args)).as("javac").isZero();
        try (URLClassLoader loader = new URLClassLoader(new URL[]{out.toUri().toURL()}, getClass().getClassLoader())) {
            return ProjectionChecksum.of(DDL, loader.loadClass("sample.Titles"), new TreeSet<>(java.util.Set.of("PostPublished:2")));
        }
    }

    @Test
    void recompilingTheSameSourceWithOrWithoutDebugInformationGivesTheSameChecksum() throws Exception {
        String withDebug = checksum("a", "\"hello\"", "1", "-g");
        String withoutDebug = checksum("b", "\"hello\"", "1", "-g:none");
        assertThat(withoutDebug).isEqualTo(withDebug);
    }

    @Test
    void changingHandlerCodeOrANestedClassChangesTheChecksum() throws Exception {
        String original = checksum("a", "\"hello\"", "1");
        assertThat(checksum("b", "\"hello, world\"", "1")).isNotEqualTo(original);
        assertThat(checksum("c", "\"hello\"", "2")).isNotEqualTo(original);
    }

    @Test
    void theDdlCountsWithLineEndingsNormalised() {
        DdlScript unix = new DdlScript("r", 1, "d", "create table t (id int);\nselect 1;\n");
        DdlScript windows = new DdlScript("r", 1, "d", "create table t (id int);\r\nselect 1;\r\n");
        DdlScript changed = new DdlScript("r", 1, "d", "create table t (id bigint);\nselect 1;\n");
        TreeSet<String> types = new TreeSet<>();
        assertThat(ProjectionChecksum.of(windows, ProjectionChecksumTest.class, types))
                .isEqualTo(ProjectionChecksum.of(unix, ProjectionChecksumTest.class, types))
                .isNotEqualTo(ProjectionChecksum.of(changed, ProjectionChecksumTest.class, types));
        TreeSet<String> otherTypes = new TreeSet<>(java.util.Set.of("PostDeleted:1"));
        assertThat(ProjectionChecksum.of(unix, ProjectionChecksumTest.class, otherTypes))
                .isNotEqualTo(ProjectionChecksum.of(unix, ProjectionChecksumTest.class, types));
    }
}

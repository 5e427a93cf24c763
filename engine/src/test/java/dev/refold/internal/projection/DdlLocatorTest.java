package dev.refold.internal.projection;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** In memory: which script a version runs, from a classpath folder of scripts. */
class DdlLocatorTest {
    @TempDir
    Path root;

    private DdlLocator locator(String... files) throws Exception {
        Path folder = root.resolve("db/refold/posts");
        Files.createDirectories(folder);
        for (String file : files) {
            Files.writeString(folder.resolve(file), "create table post (id text primary key); -- " + file);
        }
        return new DdlLocator(new URLClassLoader(new URL[]{root.toUri().toURL()}, null));
    }

    @Test
    void aVersionWithItsOwnScriptRunsIt() throws Exception {
        DdlScript script = locator("V1__Posts.sql", "V2__Posts_with_authors.sql").locate("posts", 2);
        assertThat(script.fileName()).isEqualTo("V2__Posts_with_authors.sql");
        assertThat(script.version()).isEqualTo(2);
        assertThat(script.description()).isEqualTo("Posts with authors");
    }

    @Test
    void aVersionWithoutAScriptReusesTheNewestEarlierOne() throws Exception {
        DdlLocator locator = locator("V1__Posts.sql", "V2__Posts_with_authors.sql", "V5__Posts_with_slugs.sql");
        assertThat(locator.locate("posts", 4).fileName()).isEqualTo("V2__Posts_with_authors.sql");
        assertThat(locator.locate("posts", 4).version()).isEqualTo(2);
        assertThat(locator.locate("posts", 9).fileName()).isEqualTo("V5__Posts_with_slugs.sql");
    }

    @Test
    void noScriptAtOrBelowTheVersionIsMissing() throws Exception {
        assertThatThrownBy(() -> locator("V3__Posts.sql").locate("posts", 2))
                .isInstanceOf(DdlLocator.MissingDdl.class)
                .hasMessage("Projection 'posts' declares version 2 but db/refold/posts/V2__<Description>.sql is not on the"
                        + " classpath, nor the DDL of an earlier version (found: V3__Posts.sql)");
    }

    @Test
    void twoScriptsForTheVersionThatAppliesAreRefused() throws Exception {
        assertThatThrownBy(() -> locator("V1__Posts.sql", "V1__Other.sql").locate("posts", 2))
                .isInstanceOf(DdlLocator.MissingDdl.class)
                .hasMessageContaining("has 2 DDL files for version 1: V1__Other.sql, V1__Posts.sql; keep exactly one");
    }
}

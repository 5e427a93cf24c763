package dev.refold.maven.generate;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class DdlDigestTest {
    @TempDir
    Path root;

    @Test
    void changesWithContentVersionNameAndSettingsAndNothingElse() throws Exception {
        Path file = Files.writeString(root.resolve("V1__Create.sql"), "create table t (id int);");
        List<ProjectionDdl> scripts = List.of(new ProjectionDdl("orders", 1, file));
        String original = DdlDigest.of(scripts, "package=a");

        assertThat(DdlDigest.of(scripts, "package=a")).isEqualTo(original).hasSize(64);
        assertThat(DdlDigest.of(scripts, "package=b")).isNotEqualTo(original);
        assertThat(DdlDigest.of(List.of(new ProjectionDdl("order", 1, file)), "package=a")).isNotEqualTo(original);
        assertThat(DdlDigest.of(List.of(new ProjectionDdl("orders", 2, file)), "package=a")).isNotEqualTo(original);

        Files.writeString(file, "create table t (id bigint);");
        assertThat(DdlDigest.of(scripts, "package=a")).isNotEqualTo(original);
    }
}

package dev.refold.maven.generate;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class DdlDirectoryScannerTest {
    @TempDir
    Path root;

    private final List<String> warnings = new ArrayList<>();
    private final DdlDirectoryScanner scanner = new DdlDirectoryScanner(warnings::add);

    @Test
    void picksTheHighestVersionOfEachProjectionComparingNumbersNotText() throws Exception {
        write("orders/V2__Add_total.sql");
        write("orders/V10__Add_currency.sql");
        write("orders/V9__Add_notes.sql");
        write("customers/V1__Create.sql");

        List<ProjectionDdl> found = scanner.scan(root);

        assertThat(found).extracting(ProjectionDdl::projection).containsExactly("customers", "orders");
        assertThat(found.get(1).version()).isEqualTo(10);
        assertThat(found.get(1).file().getFileName().toString()).isEqualTo("V10__Add_currency.sql");
        assertThat(warnings).isEmpty();
    }

    @Test
    void aMissingDirectoryMeansNoProjections() throws Exception {
        assertThat(scanner.scan(root.resolve("absent"))).isEmpty();
    }

    @Test
    void ignoresMisnamedFilesWithAWarningThatNamesThem() throws Exception {
        write("orders/V1__Create.sql");
        write("orders/create_orders.sql");

        assertThat(scanner.scan(root)).hasSize(1);
        assertThat(warnings).singleElement().asString().contains("create_orders.sql").contains("V<version>__<Description>.sql");
    }

    @Test
    void rejectsTwoScriptsForOneVersion() throws Exception {
        write("orders/V1__Create.sql");
        write("orders/V1__Create_again.sql");

        assertThatThrownBy(() -> scanner.scan(root))
                .isInstanceOf(DdlException.class)
                .hasMessageContaining("'orders' has two scripts for version 1")
                .hasMessageContaining("V1__Create.sql").hasMessageContaining("V1__Create_again.sql");
    }

    @Test
    void rejectsAProjectionDirectoryWithoutScripts() throws Exception {
        Files.createDirectories(root.resolve("orders"));

        assertThatThrownBy(() -> scanner.scan(root)).hasMessageContaining("holds no DDL script");
    }

    @Test
    void rejectsNamesThatAreNotSafeSchemaNames() throws Exception {
        write("Orders;drop/V1__Create.sql");

        assertThatThrownBy(() -> scanner.scan(root)).hasMessageContaining("must match [a-z][a-z0-9_]*");
    }

    @Test
    void rejectsNamesLongerThanPostgresIdentifiers() throws Exception {
        write("a".repeat(64) + "/V1__Create.sql");

        assertThatThrownBy(() -> scanner.scan(root)).hasMessageContaining("at most 63 bytes");
    }

    @Test
    void rejectsVersionZero() throws Exception {
        write("orders/V0__Create.sql");

        assertThatThrownBy(() -> scanner.scan(root)).hasMessageContaining("Invalid version");
    }

    private void write(String relative) throws IOException {
        Path file = root.resolve(relative);
        Files.createDirectories(file.getParent());
        Files.writeString(file, "create table t (id int);");
    }
}

package dev.refold.test;

import dev.refold.internal.db.EmbeddedServer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The test databases made on a server that outlives the run ({@code REFOLD_TEST_URL}) are dropped at its end, and
 * nothing else is. A second embedded server stands in for the external one.
 */
class CreatedDatabasesTest {
    @TempDir
    Path dir;

    @Test
    void onAnExternalServerTheRunDropsTheDatabasesItCreatedAndNoOther() throws Exception {
        try (EmbeddedServer external = EmbeddedServer.startThrowaway(dir.resolve("data"))) {
            String admin = external.jdbcUrl();
            try (Connection c = DriverManager.getConnection(admin, "postgres", null); Statement s = c.createStatement()) {
                s.execute("create database refold_test_someone_elses"); // named like ours, but not created by this run
            }
            CreatedDatabases databases = new CreatedDatabases(admin, "postgres", null, true);
            String first = databases.create();
            String second = databases.create();
            // a test that left a connection open to its database does not keep it from being dropped
            Connection leftOpen = DriverManager.getConnection(admin.replace("/postgres", "/" + second), "postgres", null);
            assertThat(databases(admin)).contains(first, second, "refold_test_someone_elses");

            databases.close();

            assertThat(databases(admin)).doesNotContain(first, second).contains("refold_test_someone_elses", "postgres");
            assertThat(leftOpen.isValid(2)).isFalse();
            leftOpen.close();
            databases.close(); // closing twice drops nothing more and does not fail
            assertThat(databases(admin)).contains("refold_test_someone_elses");
        }
    }

    @Test
    void onAThrowawayServerTheyAreLeftForTheServersRemoval() throws Exception {
        try (EmbeddedServer embedded = EmbeddedServer.startThrowaway(dir.resolve("data"))) {
            CreatedDatabases databases = new CreatedDatabases(embedded.jdbcUrl(), "postgres", null, false);
            String name = databases.create();
            databases.close();
            assertThat(databases(embedded.jdbcUrl())).contains(name);
        }
    }

    private static List<String> databases(String url) throws Exception {
        List<String> names = new ArrayList<>();
        try (Connection c = DriverManager.getConnection(url, "postgres", null); Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("select datname from pg_database")) {
            while (rs.next()) {
                names.add(rs.getString(1));
            }
        }
        return names;
    }
}

package dev.refold.config;

import dev.refold.DatabaseConnectionException;
import dev.refold.Refold;
import dev.refold.RefoldConfigurationException;
import dev.refold.test.RefoldTest;
import dev.refold.test.TestDatabase;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

@RefoldTest
class ConfigurationTest {

    @Test
    void aPropertyOfTheWrongTypeNamesThePropertyAndWhereItCameFrom(TestDatabase db) {
        assertThatThrownBy(() -> db.configure().properties(Map.of("refold.batchSize", "lots")).load())
                .isInstanceOf(RefoldConfigurationException.class)
                .hasMessage("Invalid value 'lots' for refold.batchSize (from configuration property refold.batchSize):"
                        + " expected a positive whole number");
        assertThatThrownBy(() -> db.configure().environment(Map.of("REFOLD_LOCK_TIMEOUT", "soon")).load())
                .hasMessage("Invalid value 'soon' for refold.lockTimeout (from environment variable REFOLD_LOCK_TIMEOUT):"
                        + " expected a whole number of seconds");
        assertThatThrownBy(() -> db.configure().environment(Map.of("REFOLD_WRITE_BEHIND", "maybe")).load())
                .hasMessage("Invalid value 'maybe' for refold.writeBehind (from environment variable REFOLD_WRITE_BEHIND):"
                        + " expected true or false");
        assertThatThrownBy(() -> db.configure().environment(Map.of("REFOLD_WRITE_BEHIND_ROWS", "0")).load())
                .hasMessage("Invalid value '0' for refold.writeBehindRows (from environment variable REFOLD_WRITE_BEHIND_ROWS):"
                        + " expected a positive whole number");
    }

    @Test
    void theApiWinsOverTheEnvironmentWhichWinsOverTheConfigFile(TestDatabase db, @TempDir Path dir) throws Exception {
        Path file = dir.resolve("refold.conf");
        Files.writeString(file, "refold.schema=from_file\nrefold.batchSize=5\nrefold.lockTimeout=7\n");
        try (Refold refold = db.configure().configFile(file).environment(Map.of("REFOLD_BATCH_SIZE", "10"))
                .properties(Map.of("refold.lockTimeout", "9")).load()) {
            assertThat(refold.migrate().built()).isEmpty();
        }
        try (var c = db.connect(); var s = c.createStatement();
             var rs = s.executeQuery("select count(*) from pg_tables where schemaname = 'from_file' and tablename = 'events'")) {
            rs.next();
            assertThat(rs.getInt(1)).as("the schema comes from the file").isEqualTo(1);
        }
    }

    @Test
    void aWrongValueFailsWhereverItComesFromEvenWhereAnotherSourceOverridesIt(TestDatabase db, @TempDir Path dir) throws Exception {
        // durable matters only to the embedded server, and this configuration has a URL: still an error
        assertThatThrownBy(() -> db.configure().properties(Map.of("refold.durable", "maybe")).load())
                .isInstanceOf(RefoldConfigurationException.class)
                .hasMessage("Invalid value 'maybe' for refold.durable (from configuration property refold.durable): expected true or false");
        Path file = dir.resolve("refold.conf");
        Files.writeString(file, "refold.batchSize=notanumber\n");
        assertThatThrownBy(() -> db.configure().configFile(file).environment(Map.of("REFOLD_BATCH_SIZE", "10")).load())
                .isInstanceOf(RefoldConfigurationException.class)
                .hasMessage("Invalid value 'notanumber' for refold.batchSize (from refold.batchSize in config file "
                        + file.toAbsolutePath() + "): expected a positive whole number");
        assertThatThrownBy(() -> db.configure().environment(Map.of("REFOLD_URL", "postgres://localhost/app?password=hunter2")).load())
                .isInstanceOf(RefoldConfigurationException.class)
                .hasMessageStartingWith("Invalid value 'postgres://localhost/app?password=***' for refold.url (from environment variable REFOLD_URL):"
                        + " expected a PostgreSQL JDBC URL");
    }

    @Test
    void anUnknownPropertyFailsNamingTheClosestKnownOne(TestDatabase db, @TempDir Path dir) throws Exception {
        assertThatThrownBy(() -> db.configure().properties(Map.of("refold.batchsize", "10")).load())
                .isInstanceOf(RefoldConfigurationException.class)
                .hasMessage("Unknown property refold.batchsize (from configuration property refold.batchsize): did you mean refold.batchSize?");
        assertThatThrownBy(() -> db.configure().environment(Map.of("REFOLD_BATCHSIZE", "10")).load())
                .hasMessage("Unknown property REFOLD_BATCHSIZE (from environment variable REFOLD_BATCHSIZE): did you mean REFOLD_BATCH_SIZE?");
        Path file = dir.resolve("refold.conf");
        Files.writeString(file, "refold.lockTimout=5\nother.tool=ignored\n");
        assertThatThrownBy(() -> db.configure().configFile(file).load())
                .hasMessage("Unknown property refold.lockTimout (from refold.lockTimout in config file " + file.toAbsolutePath()
                        + "): did you mean refold.lockTimeout?");
        System.setProperty("refold.writeBehnd", "false");
        try {
            assertThatThrownBy(() -> db.configure().load())
                    .hasMessage("Unknown property refold.writeBehnd (from system property refold.writeBehnd): did you mean refold.writeBehind?");
        } finally {
            System.clearProperty("refold.writeBehnd");
        }
    }

    @Test
    void namesOtherPartsOfRefoldReadAreNotTypos(TestDatabase db) {
        System.setProperty("refold.projection", "posts"); // as mvn refold:rebuild -Drefold.projection=posts sets it
        System.setProperty("refold.skip", "false");
        try (Refold refold = db.configure().environment(Map.of("REFOLD_TEST_URL", "jdbc:postgresql://elsewhere/db",
                "REFOLD_TEST_USER", "ci", "REFOLD_TEST_PASSWORD", "x")).load()) {
            assertThat(refold.info().projections()).isEmpty();
        } finally {
            System.clearProperty("refold.projection");
            System.clearProperty("refold.skip");
        }
    }

    @Test
    void aConfigFileGivenExplicitlyMustExist(TestDatabase db, @TempDir Path dir) {
        Path missing = dir.resolve("prod.conf");
        assertThatThrownBy(() -> db.configure().configFile(missing).load())
                .isInstanceOf(RefoldConfigurationException.class)
                .hasMessage("Config file " + missing.toAbsolutePath() + " (from configuration property refold.configFile) does not exist");
        assertThatThrownBy(() -> db.configure().environment(Map.of("REFOLD_CONFIG_FILE", missing.toString())).load())
                .hasMessage("Config file " + missing.toAbsolutePath() + " (from environment variable REFOLD_CONFIG_FILE) does not exist");
    }

    @Test
    void withTheEmbeddedDefaultOffAMissingUrlFailsAndStartsNothing(@TempDir Path dir) {
        Path data = dir.resolve("pgdata");
        assertThatThrownBy(() -> Refold.configure().environment(Map.of()).discoverProjections(false).dataDirectory(data)
                .embeddedByDefault(false).load())
                .isInstanceOf(RefoldConfigurationException.class)
                .hasMessage("No database is configured, and this changes one: set refold.url (-Drefold.url, REFOLD_URL,"
                        + " the plugin's <url> or refold.conf) to the JDBC URL of the database to change, or refold.url=embedded"
                        + " for the embedded PostgreSQL with data in " + data.toAbsolutePath());
        assertThat(data).doesNotExist();
    }

    @Test
    void anUnsafeSchemaNameIsRejected(TestDatabase db) {
        assertThatThrownBy(() -> db.configure().schema("refold; drop").load())
                .hasMessageContaining("refold.schema 'refold; drop' is not a safe identifier");
    }

    @Test
    void aWrongPasswordIsOneClearLineWithoutThePassword(TestDatabase db) {
        String url = db.url();
        assertThatThrownBy(() -> Refold.configure().dataSource(url, "nobody_" + System.nanoTime(), "s3cret").load())
                .isInstanceOf(DatabaseConnectionException.class)
                .hasMessageContaining(url)
                .satisfies(e -> assertThat(e.getMessage()).doesNotContain("s3cret").doesNotContain("\n"));
    }

    @Test
    void aMissingDatabaseAndAnUnreachableServerAreNamed(TestDatabase db) throws IOException {
        String missing = db.url().replaceFirst("/refold_test_[0-9_]+", "/no_such_db");
        assertThatThrownBy(() -> Refold.configure().dataSource(missing, db.user(), db.password()).load())
                .isInstanceOf(DatabaseConnectionException.class)
                .hasMessageStartingWith("Database does not exist at " + missing);
        int closedPort;
        try (ServerSocket socket = new ServerSocket(0)) {
            closedPort = socket.getLocalPort();
        }
        String unreachable = "jdbc:postgresql://127.0.0.1:" + closedPort + "/app?password=hunter2";
        assertThatThrownBy(() -> Refold.configure().dataSource(unreachable, "app", null).load())
                .isInstanceOf(DatabaseConnectionException.class)
                .hasMessageStartingWith("Cannot connect to PostgreSQL at jdbc:postgresql://127.0.0.1:" + closedPort + "/app?password=***")
                .satisfies(e -> assertThat(e.getMessage()).doesNotContain("hunter2"));
    }
}

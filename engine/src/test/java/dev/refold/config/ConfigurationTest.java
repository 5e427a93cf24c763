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
    }

    @Test
    void theApiWinsOverTheEnvironmentWhichWinsOverTheConfigFile(TestDatabase db, @TempDir Path dir) throws Exception {
        Path file = dir.resolve("refold.conf");
        Files.writeString(file, "refold.schema=from_file\nrefold.batchSize=notanumber\n");
        // batchSize from the file is bad, but the environment overrides it; the schema comes from the file
        try (Refold refold = db.configure().configFile(file).environment(Map.of("REFOLD_BATCH_SIZE", "10")).load()) {
            assertThat(refold.migrate().built()).isEmpty();
        }
        try (var c = db.connect(); var s = c.createStatement();
             var rs = s.executeQuery("select count(*) from pg_tables where schemaname = 'from_file' and tablename = 'events'")) {
            rs.next();
            assertThat(rs.getInt(1)).isEqualTo(1);
        }
        assertThatThrownBy(() -> db.configure().configFile(file).load())
                .hasMessageContaining("(from refold.batchSize in config file " + file.toAbsolutePath() + ")");
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

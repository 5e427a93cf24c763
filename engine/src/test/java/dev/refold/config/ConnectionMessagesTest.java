package dev.refold.config;

import dev.refold.DatabaseConnectionException;
import dev.refold.Refold;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.Statement;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** A server that checks passwords (the embedded default trusts local connections): what a wrong setup reads. */
class ConnectionMessagesTest {
    @TempDir
    static Path dataDirectory;
    private static EmbeddedPostgres server;
    private static String url;

    @BeforeAll
    static void startServerThatChecksPasswords() throws Exception {
        server = EmbeddedPostgres.builder().setDataDirectory(dataDirectory).setCleanDataDirectory(true)
                .setServerConfig("fsync", "off").start();
        try (Connection c = server.getPostgresDatabase().getConnection(); Statement s = c.createStatement()) {
            s.execute("alter user postgres password 'right-password'");
        }
        Files.writeString(dataDirectory.resolve("pg_hba.conf"),
                "host all all 127.0.0.1/32 scram-sha-256\nhost all all ::1/128 scram-sha-256\n");
        try (Connection c = server.getPostgresDatabase().getConnection(); Statement s = c.createStatement()) {
            s.execute("select pg_reload_conf()");
        }
        url = "jdbc:postgresql://localhost:" + server.getPort() + "/postgres";
    }

    @AfterAll
    static void stop() throws Exception {
        server.close();
    }

    @Test
    void aWrongPasswordInTheUrlNamesTheUserTheUrlGives() {
        assertThatThrownBy(() -> Refold.configure().dataSource(url + "?user=postgres&password=wrong", null, null)
                .discoverProjections(false).load())
                .isInstanceOf(DatabaseConnectionException.class)
                .hasMessageStartingWith("Authentication failed for user 'postgres' at ")
                .hasMessageContaining("password=***")
                .hasMessageNotContaining("wrong");
    }

    @Test
    void noPasswordAtAllPointsAtTheCredentialsNotTheServer() {
        assertThatThrownBy(() -> Refold.configure().dataSource(url, "postgres", null).discoverProjections(false).load())
                .isInstanceOf(DatabaseConnectionException.class)
                .hasMessageContaining("Authentication failed for user 'postgres'")
                .hasMessageContaining("the server asks for a password and none was given; set refold.password (or REFOLD_PASSWORD)")
                .hasMessageNotContaining("is the server running");
    }
}

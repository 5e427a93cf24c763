package dev.refold.maven.support;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;

import java.io.IOException;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.util.Properties;

/**
 * A throwaway embedded PostgreSQL for one goal: {@code generate} applies DDL to it, {@code verify} replays
 * fixtures on it. Its data lives in a directory under {@code target/} that is wiped at start and on close.
 * Durability is switched off because nothing in it outlives the build, which makes it start and write faster.
 */
public final class ScratchPostgres implements AutoCloseable {
    private static final String SUPERUSER = "postgres";
    private static final Duration STARTUP_WAIT = Duration.ofSeconds(60);

    private final EmbeddedPostgres server;

    private ScratchPostgres(EmbeddedPostgres server) {
        this.server = server;
    }

    public static ScratchPostgres start(Path dataDirectory) throws IOException {
        QuietLogging.apply();
        // A build that was killed leaves its data behind, and initdb refuses a directory that is not empty.
        Directories.deleteRecursively(dataDirectory);
        EmbeddedPostgres server = EmbeddedPostgres.builder()
                .setDataDirectory(dataDirectory.toFile())
                .setCleanDataDirectory(true)
                .setServerConfig("fsync", "off")
                .setServerConfig("synchronous_commit", "off")
                .setServerConfig("full_page_writes", "off")
                // zonky gives up after 10 s, which a loaded two-core CI machine can exceed.
                .setPGStartupWait(STARTUP_WAIT)
                .start();
        return new ScratchPostgres(server);
    }

    public String jdbcUrl() {
        return server.getJdbcUrl(SUPERUSER, SUPERUSER);
    }

    public String user() {
        return SUPERUSER;
    }

    /** The embedded server trusts local connections; the driver still wants a password to send. */
    public String password() {
        return SUPERUSER;
    }

    /**
     * A new connection. The driver is used directly rather than through {@code DriverManager}, which would only
     * see drivers visible to the plugin's caller, not to the plugin's own class realm.
     *
     * @param simpleQueries send each script as one simple query, so that PostgreSQL reports error positions
     *                      relative to the whole script rather than to the statement the driver split off
     */
    public Connection connect(boolean simpleQueries) throws SQLException {
        Properties properties = new Properties();
        properties.setProperty("user", user());
        properties.setProperty("password", password());
        if (simpleQueries) {
            properties.setProperty("preferQueryMode", "simple");
        }
        return new org.postgresql.Driver().connect(jdbcUrl(), properties);
    }

    @Override
    public void close() throws IOException {
        server.close();
    }
}

package dev.refold.maven.support;

import dev.refold.internal.db.EmbeddedServer;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.Properties;

/**
 * A throwaway embedded PostgreSQL for one goal: {@code generate} applies DDL to it, {@code verify} replays
 * fixtures on it. Its data lives in a directory under {@code target/} that is wiped at start and on close.
 * Durability is switched off because nothing in it outlives the build, which makes it start and write faster.
 */
public final class ScratchPostgres implements AutoCloseable {
    private static final String SUPERUSER = "postgres";

    private final EmbeddedServer server;

    private ScratchPostgres(EmbeddedServer server) {
        this.server = server;
    }

    /** The engine's throwaway server: emptied first, durability off, removed on close. */
    public static ScratchPostgres start(Path dataDirectory) {
        QuietLogging.apply();
        return new ScratchPostgres(EmbeddedServer.startThrowaway(dataDirectory));
    }

    public String jdbcUrl() {
        return server.jdbcUrl();
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
    public void close() {
        server.close();
    }
}

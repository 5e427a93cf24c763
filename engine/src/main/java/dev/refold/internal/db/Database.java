package dev.refold.internal.db;

import dev.refold.RefoldConfigurationException;
import dev.refold.RefoldException;
import dev.refold.internal.config.RefoldProperty;
import dev.refold.internal.config.ResolvedProperties;
import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import org.postgresql.ds.PGSimpleDataSource;

import javax.sql.DataSource;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;

/**
 * Where Refold's connections come from: a data source the application gave, a URL, or the embedded
 * server. Every connection failure becomes a {@link dev.refold.DatabaseConnectionException}.
 */
public final class Database implements AutoCloseable {
    private final DataSource dataSource;
    private final String url;
    private final EmbeddedServer embedded;
    private final boolean given;

    private Database(DataSource dataSource, String url, EmbeddedServer embedded, boolean given) {
        this.dataSource = dataSource;
        this.url = url;
        this.embedded = embedded;
        this.given = given;
    }

    public static Database open(ResolvedProperties properties, DataSource given) {
        if (given != null) {
            return new Database(given, describe(given), null, true);
        }
        String url = properties.string(RefoldProperty.URL);
        String user = properties.string(RefoldProperty.USER);
        String password = properties.string(RefoldProperty.PASSWORD);
        EmbeddedServer embedded = null;
        if (url == null && !properties.embeddedByDefault()) {
            throw new RefoldConfigurationException("No database is configured, and this changes one: set refold.url"
                    + " (-Drefold.url, REFOLD_URL, the plugin's <url> or refold.conf) to the JDBC URL of the database to change,"
                    + " or refold.url=embedded for the embedded PostgreSQL with data in "
                    + Path.of(properties.string(RefoldProperty.DATA_DIRECTORY)).toAbsolutePath().normalize());
        }
        if (url == null || RefoldProperty.EMBEDDED.equalsIgnoreCase(url)) {
            boolean durable = properties.bool(RefoldProperty.DURABLE);
            String why = url == null
                    ? "no refold.url is set; set REFOLD_URL or refold.url for your own server"
                    : "refold.url=embedded, from " + properties.source(RefoldProperty.URL);
            requireEmbeddedSupport(url == null);
            try {
                embedded = EmbeddedServer.start(Path.of(properties.string(RefoldProperty.DATA_DIRECTORY)), durable, why);
            } catch (NoClassDefFoundError e) {
                // zonky present but incomplete (one of its own dependencies left out of the application)
                throw new RefoldConfigurationException(embeddedMissing(url == null) + " (missing class " + e.getMessage() + ")");
            }
            url = embedded.jdbcUrl();
            user = "postgres";
            password = null;
        } else if (!url.startsWith("jdbc:postgresql:")) {
            throw new RefoldException("refold.url '" + JdbcUrls.withoutSecrets(url)
                    + "' is not a PostgreSQL JDBC URL: expected jdbc:postgresql://host:port/database");
        }
        PGSimpleDataSource pg = new PGSimpleDataSource();
        pg.setURL(url);
        if (user != null) {
            pg.setUser(user);
        }
        if (password != null) {
            pg.setPassword(password);
        }
        // Names the JVM, not only the product: a lock-timeout message and pg_stat_activity then say which instance holds a lock.
        pg.setApplicationName("refold (pid " + ProcessHandle.current().pid() + ")");
        // No reWriteBatchedInserts: applications run their own statements on these connections (dataSource(),
        // handlers), and the rewrite changes what those mean (a batch of upserts that meets one key twice fails,
        // update counts become SUCCESS_NO_INFO). Refold's own bulk writes use COPY or unnest arrays instead.
        checkConnection(pg, url, user, embedded);
        HikariConfig pool = new HikariConfig();
        pool.setDataSource(pg);
        pool.setPoolName("refold");
        pool.setMaximumPoolSize(16);
        pool.setMinimumIdle(1);
        pool.setInitializationFailTimeout(-1);
        return new Database(new HikariDataSource(pool), url, embedded, false);
    }

    private static final String EMBEDDED_CLASS = "io.zonky.test.db.postgres.embedded.EmbeddedPostgres";

    /**
     * The engine's dependency on zonky is optional, so that a production jar need not carry PostgreSQL binaries.
     * Checked before {@link EmbeddedServer} is touched, because that class links against zonky's.
     */
    private static void requireEmbeddedSupport(boolean noUrl) {
        try {
            Class.forName(EMBEDDED_CLASS, false, Database.class.getClassLoader());
        } catch (ClassNotFoundException | LinkageError e) {
            throw new RefoldConfigurationException(embeddedMissing(noUrl));
        }
    }

    private static String embeddedMissing(boolean noUrl) {
        return (noUrl ? "No refold.url is set, and the embedded PostgreSQL Refold would start instead is not on the classpath"
                : "refold.url=embedded asks for the embedded PostgreSQL, which is not on the classpath")
                + ": add dev.refold:refold-embedded, or set refold.url (-Drefold.url, REFOLD_URL, the plugin's <url> or"
                + " refold.conf) to the JDBC URL of your PostgreSQL server";
    }

    private static String describe(DataSource given) {
        if (given instanceof PGSimpleDataSource pg) {
            return pg.getURL();
        }
        return given.getClass().getSimpleName();
    }

    /** Fails fast with one clear line, before a pool starts retrying in the background. */
    private static void checkConnection(PGSimpleDataSource pg, String url, String user, EmbeddedServer embedded) {
        try (Connection ignored = pg.getConnection()) {
            // reaching here means URL, user and password are right
        } catch (SQLException e) {
            if (embedded != null) {
                embedded.close();
            }
            throw ConnectionFailures.translate(e, url, user);
        }
    }

    public DataSource dataSource() {
        return dataSource;
    }

    /**
     * A connection outside the pool, for session state that must end with it (advisory locks held for minutes):
     * closing it really closes it, and a killed instance's locks go with its sockets. A data source the
     * application gave is used as it is.
     */
    public Connection sessionConnection() throws SQLException {
        if (dataSource instanceof HikariDataSource pool && pool.getDataSource() != null) {
            return pool.getDataSource().getConnection();
        }
        return dataSource.getConnection();
    }

    /**
     * A connection for Refold's own transaction. From a data source the application gave, a connection with
     * autocommit off is refused: it may carry the application's transaction (Spring's
     * {@code TransactionAwareDataSourceProxy} hands out the current transaction's connection), which Refold would
     * then commit, roll back or end.
     */
    public Connection connection() {
        Connection connection;
        try {
            connection = dataSource.getConnection();
        } catch (SQLException e) {
            throw ConnectionFailures.translate(e, url, null);
        }
        if (given) {
            requireOwnTransaction(connection);
        }
        return connection;
    }

    private static void requireOwnTransaction(Connection connection) {
        boolean autoCommit;
        try {
            autoCommit = connection.getAutoCommit();
        } catch (SQLException e) {
            closeQuietly(connection);
            throw new RefoldException("Cannot use a connection of the data source given to Refold: " + e.getMessage(), e);
        }
        if (!autoCommit) {
            closeQuietly(connection);
            throw new RefoldException("The data source given to Refold handed out a connection with autocommit off."
                    + " It may belong to the application's transaction (as with Spring's TransactionAwareDataSourceProxy),"
                    + " and Refold never commits or rolls back a transaction it did not open. Give Refold the underlying"
                    + " connection pool, with autocommit on (the default); to append in the application's transaction,"
                    + " use refold.events().on(connection).");
        }
    }

    private static void closeQuietly(Connection connection) {
        try {
            connection.close();
        } catch (SQLException ignored) {
            // the refusal that follows says what matters
        }
    }

    /** The URL without credentials, for messages. */
    public String url() {
        return JdbcUrls.withoutSecrets(url);
    }

    public boolean embedded() {
        return embedded != null;
    }

    @Override
    public void close() {
        if (dataSource instanceof HikariDataSource pool) {
            pool.close();
        }
        if (embedded != null) {
            embedded.close();
        }
    }
}

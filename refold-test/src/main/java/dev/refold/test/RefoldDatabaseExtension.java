package dev.refold.test;

import dev.refold.internal.db.EmbeddedServer;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolutionException;
import org.junit.jupiter.api.extension.ParameterResolver;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.SQLException;

/**
 * Gives each test method a fresh database ({@link TestDatabase} parameter) on one server per test JVM:
 * <ul>
 *   <li>the server at {@code REFOLD_TEST_URL} (with {@code REFOLD_TEST_USER} / {@code REFOLD_TEST_PASSWORD}) when set;</li>
 *   <li>Testcontainers' PostgreSQL when {@code REFOLD_TEST_DB=testcontainers} and Docker is available;</li>
 *   <li>otherwise an embedded PostgreSQL 17, durability off, in a temporary directory.</li>
 * </ul>
 * On the server at {@code REFOLD_TEST_URL}, the databases the run created are dropped when it ends
 * ({@link CreatedDatabases}); the other two servers are thrown away whole.
 */
public final class RefoldDatabaseExtension implements ParameterResolver {
    private static final ExtensionContext.Namespace NAMESPACE = ExtensionContext.Namespace.create(RefoldDatabaseExtension.class);
    private static Server server;

    /** @param external a server that outlives the tests, on which the databases they created are dropped at the end */
    private record Server(String adminUrl, String user, String password, boolean external) {
        Server(String adminUrl, String user, String password) {
            this(adminUrl, user, password, false);
        }

        String urlFor(String database) {
            int slash = adminUrl.lastIndexOf('/');
            int query = adminUrl.indexOf('?', slash);
            return adminUrl.substring(0, slash + 1) + database + (query < 0 ? "" : adminUrl.substring(query));
        }
    }

    /** Resolves parameters of type {@link TestDatabase} only. */
    @Override
    public boolean supportsParameter(ParameterContext parameter, ExtensionContext extension) {
        return parameter.getParameter().getType() == TestDatabase.class;
    }

    /** Creates a new database on the server, started on first use, and hands it to the test method. */
    @Override
    public Object resolveParameter(ParameterContext parameter, ExtensionContext extension) {
        Server s = server();
        CreatedDatabases databases = extension.getRoot().getStore(NAMESPACE).getOrComputeIfAbsent(CreatedDatabases.class,
                type -> new CreatedDatabases(s.adminUrl(), s.user(), s.password(), s.external()), CreatedDatabases.class);
        String name;
        try {
            name = databases.create();
        } catch (SQLException e) {
            throw new ParameterResolutionException("Cannot create a test database on " + s.adminUrl() + ": " + e.getMessage(), e);
        }
        return new TestDatabase(s.urlFor(name), s.user(), s.password());
    }

    private static synchronized Server server() {
        if (server == null) {
            server = startServer();
        }
        return server;
    }

    private static Server startServer() {
        String url = System.getenv("REFOLD_TEST_URL");
        if (url != null && !url.isBlank()) {
            return new Server(url, System.getenv().getOrDefault("REFOLD_TEST_USER", "postgres"), System.getenv("REFOLD_TEST_PASSWORD"), true);
        }
        if ("testcontainers".equalsIgnoreCase(System.getenv("REFOLD_TEST_DB"))) {
            Server container = ContainerServer.startIfDockerAvailable();
            if (container != null) {
                return container;
            }
        }
        try {
            Path directory = Files.createTempDirectory("refold-test-pg");
            EmbeddedServer embedded = EmbeddedServer.startThrowaway(directory.resolve("data"));
            Runtime.getRuntime().addShutdownHook(new Thread(embedded::close));
            return new Server(embedded.jdbcUrl(), "postgres", null);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Kept apart so that Testcontainers' classes load only when asked for. */
    private static final class ContainerServer {
        static Server startIfDockerAvailable() {
            if (!org.testcontainers.DockerClientFactory.instance().isDockerAvailable()) {
                return null;
            }
            var container = new org.testcontainers.postgresql.PostgreSQLContainer("postgres:17");
            container.start();
            Runtime.getRuntime().addShutdownHook(new Thread(container::stop));
            return new Server(container.getJdbcUrl(), container.getUsername(), container.getPassword());
        }
    }
}

package dev.refold.test;

import dev.refold.Refold;
import dev.refold.RefoldConfiguration;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.Map;

/**
 * A fresh, empty PostgreSQL database for one test, on the server {@link RefoldDatabaseExtension} chose: a test
 * method of a {@link RefoldTest} class declares a parameter of this type. Tests use it through JDBC and through
 * Refold, exactly as applications do. It lives until the test run ends: on the server {@code REFOLD_TEST_URL}
 * names, the run then drops every database it created (and nothing else); the embedded server is thrown away whole.
 */
public final class TestDatabase {
    private final String url;
    private final String user;
    private final String password;

    TestDatabase(String url, String user, String password) {
        this.url = url;
        this.user = user;
        this.password = password;
    }

    /** The JDBC URL of this test's database. */
    public String url() {
        return url;
    }

    /** The user tests connect as: {@code REFOLD_TEST_USER}, or {@code postgres} on the embedded server. */
    public String user() {
        return user;
    }

    /** The password, or null when the server needs none (the embedded one, or {@code REFOLD_TEST_PASSWORD} unset). */
    public String password() {
        return password;
    }

    /** A new JDBC connection to this database, to be closed by the caller: to check rows, or to set the scene. */
    public Connection connect() throws SQLException {
        return DriverManager.getConnection(url, user, password);
    }

    /** Refold pointed at this database, with projection discovery off so each test declares its own. */
    public RefoldConfiguration configure() {
        return Refold.configure()
                .dataSource(url, user, password)
                .discoverProjections(false)
                .environment(Map.of());
    }

    /** The configuration as {@code refold.*} properties, for child JVMs and the plugin. */
    public Map<String, String> properties() {
        return password == null
                ? Map.of("refold.url", url, "refold.user", user)
                : Map.of("refold.url", url, "refold.user", user, "refold.password", password);
    }
}

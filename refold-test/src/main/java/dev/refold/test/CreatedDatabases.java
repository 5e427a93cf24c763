package dev.refold.test;

import org.junit.jupiter.api.extension.ExtensionContext;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The test databases this JVM created on one server, and, on a server that outlives the tests (one given by
 * {@code REFOLD_TEST_URL}), their removal when the test run ends. Only names it created are dropped, never a
 * database it merely found there. Kept in JUnit's root store, which closes it after the last test.
 */
@SuppressWarnings("deprecation") // CloseableResource too: JUnit before 5.13 (as Spring Boot 3.5 manages it) closes only those
final class CreatedDatabases implements AutoCloseable, ExtensionContext.Store.CloseableResource {
    private static final AtomicInteger COUNTER = new AtomicInteger();

    private final String adminUrl;
    private final String user;
    private final String password;
    private final boolean dropWhenDone;
    private final List<String> created = new ArrayList<>();

    CreatedDatabases(String adminUrl, String user, String password, boolean dropWhenDone) {
        this.adminUrl = adminUrl;
        this.user = user;
        this.password = password;
        this.dropWhenDone = dropWhenDone;
    }

    /** Creates a new, empty database and returns its name. */
    synchronized String create() throws SQLException {
        String name = "refold_test_" + ProcessHandle.current().pid() + "_" + COUNTER.incrementAndGet();
        try (Connection admin = DriverManager.getConnection(adminUrl, user, password);
             Statement statement = admin.createStatement()) {
            statement.execute("create database " + name);
        }
        created.add(name);
        return name;
    }

    /**
     * Drops every database {@link #create} made, ending what still connects to it (a test that left a pool open):
     * the run is over. A database that cannot be dropped is reported, and the others are dropped still.
     */
    @Override
    public synchronized void close() {
        if (!dropWhenDone || created.isEmpty()) {
            return;
        }
        List<String> left = new ArrayList<>();
        try (Connection admin = DriverManager.getConnection(adminUrl, user, password);
             Statement statement = admin.createStatement()) {
            for (String name : created) {
                try {
                    statement.execute("drop database if exists " + name + " with (force)");
                } catch (SQLException e) {
                    left.add(name + " (" + e.getMessage() + ")");
                }
            }
        } catch (SQLException e) {
            left.add("all of " + created + " (" + e.getMessage() + ")");
        }
        created.clear();
        if (!left.isEmpty()) {
            System.err.println("refold-test could not drop the test databases it created: " + String.join("; ", left));
        }
    }
}

package dev.refold.benchmarks.extra;

import dev.refold.Refold;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A throwaway database on the benchmark's server, for measurements that must not add events to the
 * benchmark's log (which is append-only and reused between runs). Dropped on close.
 */
public final class ScratchDatabase implements AutoCloseable {
    private static final Pattern DATABASE_IN_URL = Pattern.compile("^(jdbc:postgresql://[^/]+/)([^?]*)(.*)$");

    private final Refold server;
    private final String name;
    private final String url;

    private ScratchDatabase(Refold server, String name, String url) {
        this.server = server;
        this.name = name;
        this.url = url;
    }

    /** Creates database {@code name} (a fixed lower-case identifier) afresh on the server {@code server} runs on. */
    public static ScratchDatabase create(Refold server, String name) throws SQLException {
        Matcher url = DATABASE_IN_URL.matcher(server.url());
        if (!url.matches()) {
            throw new IllegalStateException("Cannot tell the database in JDBC URL " + server.url());
        }
        drop(server, name);
        try (Connection connection = server.dataSource().getConnection();
             Statement statement = connection.createStatement()) {
            statement.execute("create database " + name);
        }
        return new ScratchDatabase(server, name, url.group(1) + name + url.group(3));
    }

    public String url() {
        return url;
    }

    private static void drop(Refold server, String name) throws SQLException {
        try (Connection connection = server.dataSource().getConnection();
             Statement statement = connection.createStatement()) {
            statement.execute("drop database if exists " + name + " with (force)");
        }
    }

    @Override
    public void close() throws SQLException {
        drop(server, name);
    }
}

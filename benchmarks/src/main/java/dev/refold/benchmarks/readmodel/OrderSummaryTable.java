package dev.refold.benchmarks.readmodel;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.regex.Pattern;

/**
 * The order_summary table in one schema. Every approach writes the same table, created from the one DDL file
 * Refold's handler-style projection uses, so that the digests compare like with like.
 */
public final class OrderSummaryTable {
    public static final String DDL_RESOURCE = "db/refold/bench_handler/V1__Order_summary.sql";
    public static final String COLUMNS = "order_id, customer_id, items, total_cents, placed_at, shipped_at, status";
    private static final Pattern SCHEMA = Pattern.compile("[a-z][a-z0-9_]{0,62}");

    private final String schema;

    public OrderSummaryTable(String schema) {
        if (!SCHEMA.matcher(schema).matches()) {
            throw new IllegalArgumentException("Not a plain lower-case schema name: " + schema);
        }
        this.schema = schema;
    }

    public String schema() {
        return schema;
    }

    public String qualifiedName() {
        return schema + ".order_summary";
    }

    /** Drops and recreates the schema with an empty table, as a rebuild starts from nothing. */
    public void recreate(Connection connection) throws SQLException {
        boolean autoCommit = connection.getAutoCommit();
        connection.setAutoCommit(false);
        try (Statement statement = connection.createStatement()) {
            statement.execute("drop schema if exists " + schema + " cascade");
            statement.execute("create schema " + schema);
            statement.execute("set local search_path to " + schema);
            statement.execute(ddl());
            connection.commit();
        } catch (SQLException | RuntimeException e) {
            connection.rollback();
            throw e;
        } finally {
            connection.setAutoCommit(autoCommit);
        }
    }

    /**
     * The row count and an md5 over every row's text form in key order: equal digests mean equal tables.
     * Rendering timestamptz depends on the session's time zone, so compare digests from one JVM only.
     */
    public TableDigest digest(Connection connection) throws SQLException {
        try (Statement statement = connection.createStatement();
             ResultSet rs = statement.executeQuery("select count(*), coalesce(md5(string_agg(t::text, E'\\n' order by t.order_id)), '')"
                     + " from " + qualifiedName() + " t")) {
            rs.next();
            return new TableDigest(rs.getLong(1), rs.getString(2));
        }
    }

    static String ddl() {
        try (InputStream in = OrderSummaryTable.class.getClassLoader().getResourceAsStream(DDL_RESOURCE)) {
            if (in == null) {
                throw new IllegalStateException("Classpath resource " + DDL_RESOURCE + " is missing");
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}

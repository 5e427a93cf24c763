package dev.refold.internal.build;

import dev.refold.internal.db.Identifiers;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.HexFormat;

/** Names and existence of the schemas a build uses. Derived names stay short whatever the projection's name. */
public final class Schemas {
    private Schemas() {
    }

    public static String shadow(String projection) {
        return "refold_build_" + hash(projection);
    }

    public static String retired(String projection) {
        return "refold_retired_" + hash(projection);
    }

    public static String scratch(String purpose, String projection) {
        return "refold_" + purpose + "_" + hash(projection);
    }

    private static String hash(String projection) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(projection.getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(digest, 0, 6);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    public static boolean exists(Connection connection, String schema) throws SQLException {
        try (PreparedStatement query = connection.prepareStatement("select 1 from pg_namespace where nspname = ?")) {
            query.setString(1, schema);
            try (ResultSet rs = query.executeQuery()) {
                return rs.next();
            }
        }
    }

    public static void drop(Connection connection, String schema) throws SQLException {
        try (Statement s = connection.createStatement()) {
            s.execute("drop schema if exists " + Identifiers.quote(schema) + " cascade");
        }
    }
}

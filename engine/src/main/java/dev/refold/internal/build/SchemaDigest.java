package dev.refold.internal.build;

import dev.refold.internal.db.Identifiers;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;

/**
 * A digest of every table in a schema: each table's rows as text, sorted, so that two builds of a read model
 * compare equal exactly when they hold the same rows, whatever order they were written in.
 */
public final class SchemaDigest {
    private SchemaDigest() {
    }

    public static String of(Connection connection, String schema) throws SQLException {
        List<String> tables = new ArrayList<>();
        try (PreparedStatement query = connection.prepareStatement(
                "select tablename from pg_tables where schemaname = ? order by tablename")) {
            query.setString(1, schema);
            try (ResultSet rs = query.executeQuery()) {
                while (rs.next()) {
                    tables.add(rs.getString(1));
                }
            }
        }
        MessageDigest digest = sha256();
        for (String table : tables) {
            try (PreparedStatement query = connection.prepareStatement("select count(*), coalesce(md5(string_agg(t::text, E'\\n' order by t::text)), '')"
                    + " from " + Identifiers.qualified(schema, table) + " t");
                 ResultSet rs = query.executeQuery()) {
                rs.next();
                digest.update((table + ":" + rs.getLong(1) + ":" + rs.getString(2) + "\n").getBytes(StandardCharsets.UTF_8));
            }
        }
        return HexFormat.of().formatHex(digest.digest());
    }

    private static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}

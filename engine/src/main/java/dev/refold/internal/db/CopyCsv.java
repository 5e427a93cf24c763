package dev.refold.internal.db;

import org.postgresql.PGConnection;
import org.postgresql.copy.CopyIn;

import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.SQLException;

/**
 * Rows in the CSV form of PostgreSQL's {@code COPY ... FROM STDIN (FORMAT csv)}: every value quoted, so that an
 * empty string stays distinct from NULL, which is the one unquoted empty field.
 */
public final class CopyCsv {
    /** Characters of CSV per write to the COPY stream: bounded, so that a large flush needs no second copy of it all. */
    private static final int CHUNK = 1 << 20;

    private CopyCsv() {
    }

    /** Appends one row's fields to the CSV, each with {@link #field}. */
    @FunctionalInterface
    public interface RowWriter<T> {
        void write(T row, StringBuilder csv);
    }

    /**
     * COPYs {@code rows} into {@code columns} of {@code table} (already qualified and quoted), in the caller's
     * transaction. A value PostgreSQL refuses fails the COPY, and the transaction with it.
     */
    public static <T> void copyIn(Connection connection, String table, String columns, Iterable<T> rows, RowWriter<T> writer)
            throws SQLException {
        CopyIn copy = connection.unwrap(PGConnection.class).getCopyAPI()
                .copyIn("copy " + table + " (" + columns + ") from stdin (format csv)");
        try {
            StringBuilder csv = new StringBuilder(CHUNK + 4096);
            for (T row : rows) {
                writer.write(row, csv);
                csv.append('\n');
                if (csv.length() >= CHUNK) {
                    send(copy, csv);
                }
            }
            send(copy, csv);
            copy.endCopy();
        } finally {
            if (copy.isActive()) {
                copy.cancelCopy();
            }
        }
    }

    private static void send(CopyIn copy, StringBuilder csv) throws SQLException {
        byte[] bytes = csv.toString().getBytes(StandardCharsets.UTF_8);
        copy.writeToCopy(bytes, 0, bytes.length);
        csv.setLength(0);
    }

    /** Appends one field, after a comma unless it is the row's first; {@code text} null is NULL. */
    public static void field(StringBuilder row, boolean first, String text) {
        if (!first) {
            row.append(',');
        }
        if (text != null) {
            row.append('"');
            for (int i = 0; i < text.length(); i++) {
                char c = text.charAt(i);
                if (c == '"') {
                    row.append('"');
                }
                row.append(c);
            }
            row.append('"');
        }
    }
}

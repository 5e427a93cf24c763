package dev.refold.internal.db;

/**
 * Rows in the CSV form of PostgreSQL's {@code COPY ... FROM STDIN (FORMAT csv)}: every value quoted, so that an
 * empty string stays distinct from NULL, which is the one unquoted empty field.
 */
public final class CopyCsv {
    private CopyCsv() {
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

package dev.refold.internal.replay;

/** Rewrites JDBC's {@code ?} placeholders, leaving quoted text and {@code ??} alone. */
final class SqlPlaceholders {
    private SqlPlaceholders() {
    }

    /** PostgreSQL's {@code $n} placeholders, as {@code PREPARE} takes them. */
    static String numbered(String sql) {
        return replaced(sql, n -> "$" + n);
    }

    /** Each placeholder replaced by {@code placeholder.apply(n)}, n counting from 1. */
    static String replaced(String sql, java.util.function.IntFunction<String> placeholder) {
        StringBuilder out = new StringBuilder(sql.length() + 16);
        int n = 0;
        for (int i = 0; i < sql.length(); i++) {
            char c = sql.charAt(i);
            if (c == '\'' || c == '"') {
                int end = closing(sql, i, c);
                out.append(sql, i, end + 1);
                i = end;
            } else if (c == '?' && i + 1 < sql.length() && sql.charAt(i + 1) == '?') {
                out.append('?'); // JDBC's escape for the operator ?
                i++;
            } else if (c == '?') {
                out.append(placeholder.apply(++n));
            } else {
                out.append(c);
            }
        }
        return out.toString();
    }

    static int count(String sql) {
        int n = 0;
        for (int i = 0; i < sql.length(); i++) {
            char c = sql.charAt(i);
            if (c == '\'' || c == '"') {
                i = closing(sql, i, c);
            } else if (c == '?' && i + 1 < sql.length() && sql.charAt(i + 1) == '?') {
                i++;
            } else if (c == '?') {
                n++;
            }
        }
        return n;
    }

    private static int closing(String sql, int start, char quote) {
        int i = start + 1;
        while (i < sql.length()) {
            if (sql.charAt(i) == quote) {
                if (i + 1 < sql.length() && sql.charAt(i + 1) == quote) {
                    i += 2;
                    continue;
                }
                return i;
            }
            i++;
        }
        return sql.length() - 1;
    }
}

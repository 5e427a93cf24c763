package dev.refold.internal.statements;

import java.util.function.IntFunction;

/**
 * Rewrites JDBC's {@code ?} placeholders, and only those: a {@code ?} inside quoted text, a quoted identifier,
 * a dollar-quoted string or a comment is SQL, not a parameter, and {@code ??} is JDBC's escape for the operator
 * {@code ?}. The lexical rules are PostgreSQL's, as pgjdbc applies them when it numbers the same placeholders;
 * a handler's plain SQL may use any of them.
 */
public final class SqlPlaceholders {
    private SqlPlaceholders() {
    }

    /** PostgreSQL's {@code $n} placeholders, as {@code PREPARE} takes them. */
    static String numbered(String sql) {
        return replaced(sql, n -> "$" + n);
    }

    /** Each placeholder replaced by {@code placeholder.apply(n)}, n counting from 1. */
    static String replaced(String sql, IntFunction<String> placeholder) {
        StringBuilder out = new StringBuilder(sql.length() + 16);
        int n = 0;
        int i = 0;
        while (i < sql.length()) {
            int end = skipLexeme(sql, i);
            if (end > i) {
                out.append(sql, i, end);
                i = end;
            } else if (sql.startsWith("??", i)) {
                out.append('?');
                i += 2;
            } else if (sql.charAt(i) == '?') {
                out.append(placeholder.apply(++n));
                i++;
            } else {
                out.append(sql.charAt(i));
                i++;
            }
        }
        return out.toString();
    }

    /**
     * The end of the quoted text, identifier, dollar-quoted string or comment starting at {@code i}; else {@code i}.
     * Public for the DDL splitter (internal.isolation.SqlScript), which needs the same lexical rules.
     */
    public static int skipLexeme(String sql, int i) {
        char c = sql.charAt(i);
        if (c == '\'') {
            boolean escapes = i > 0 && (sql.charAt(i - 1) == 'E' || sql.charAt(i - 1) == 'e') && (i < 2 || !identifierPart(sql.charAt(i - 2)));
            return closeQuote(sql, i, '\'', escapes);
        }
        if (c == '"') {
            return closeQuote(sql, i, '"', false);
        }
        if (c == '-' && sql.startsWith("--", i)) {
            int end = i + 2;
            while (end < sql.length() && sql.charAt(end) != '\n' && sql.charAt(end) != '\r') {
                end++;
            }
            return end;
        }
        if (c == '/' && sql.startsWith("/*", i)) {
            return closeBlockComment(sql, i);
        }
        if (c == '$' && (i == 0 || !identifierPart(sql.charAt(i - 1)))) {
            int tagEnd = sql.indexOf('$', i + 1);
            if (tagEnd > 0 && validTag(sql, i + 1, tagEnd)) {
                String tag = sql.substring(i, tagEnd + 1);
                int close = sql.indexOf(tag, tagEnd + 1);
                return close < 0 ? sql.length() : close + tag.length();
            }
        }
        return i;
    }

    private static int closeQuote(String sql, int start, char quote, boolean backslashEscapes) {
        int i = start + 1;
        while (i < sql.length()) {
            char c = sql.charAt(i);
            if (backslashEscapes && c == '\\') {
                i += 2;
            } else if (c == quote) {
                if (i + 1 < sql.length() && sql.charAt(i + 1) == quote) {
                    i += 2;
                } else {
                    return i + 1;
                }
            } else {
                i++;
            }
        }
        return sql.length();
    }

    /** PostgreSQL's block comments nest. */
    private static int closeBlockComment(String sql, int start) {
        int depth = 0;
        int i = start;
        while (i < sql.length()) {
            if (sql.startsWith("/*", i)) {
                depth++;
                i += 2;
            } else if (sql.startsWith("*/", i)) {
                depth--;
                i += 2;
                if (depth == 0) {
                    return i;
                }
            } else {
                i++;
            }
        }
        return sql.length();
    }

    /** A dollar quote's tag: empty, or an identifier that does not start with a digit. */
    private static boolean validTag(String sql, int from, int to) {
        for (int i = from; i < to; i++) {
            char c = sql.charAt(i);
            if (!(identifierPart(c) && c != '$') || (i == from && Character.isDigit(c))) {
                return false;
            }
        }
        return true;
    }

    private static boolean identifierPart(char c) {
        return Character.isLetterOrDigit(c) || c == '_' || c == '$' || c > 127;
    }
}

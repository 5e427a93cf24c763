package dev.refold.internal.statements;

import org.postgresql.core.BaseConnection;
import org.postgresql.jdbc.TimestampUtils;
import org.postgresql.util.PGobject;

import java.math.BigDecimal;
import java.sql.Array;
import java.sql.Connection;
import java.sql.Date;
import java.sql.SQLException;
import java.sql.Time;
import java.sql.Timestamp;
import java.time.temporal.Temporal;
import java.util.HexFormat;
import java.util.Locale;
import java.util.UUID;
import java.util.regex.Pattern;

/**
 * What a handler's statement looks like as deferred statements send it: whether its SQL may be deferred at all,
 * and each bound parameter as PostgreSQL's text form. Pure functions: no connection.
 */
final class StatementLiterals {
    /** A parameter bound to SQL NULL (null itself means "cannot be sent as text"). */
    static final Object NULL = new Object();
    private static final Pattern RETURNING = Pattern.compile("\\breturning\\b");

    private StatementLiterals() {
    }

    /**
     * Only writes that return nothing can be deferred: jOOQ runs its queries with {@code execute()} and then asks
     * for the result set, so a SELECT (or a DML statement with RETURNING) must reach the database at once.
     */
    static boolean returnsNoRows(String sql) {
        String head = sql.stripLeading().toLowerCase(Locale.ROOT);
        boolean write = head.startsWith("insert") || head.startsWith("update") || head.startsWith("delete")
                || head.startsWith("merge");
        return write && !RETURNING.matcher(head).find();
    }

    /**
     * The rows a plain {@code INSERT INTO t [(columns)] VALUES (...), (...)} (or {@code DEFAULT VALUES}) gives, or 0
     * for any other statement, or one this reader is not sure of: a WITH, a SELECT, ON CONFLICT, RETURNING,
     * OVERRIDING, comments, dollar or escape strings. Only the statements it counts may report a count unrun, so
     * doubt means 0.
     */
    static int insertValuesRows(String sql) {
        String text = sql.strip().toLowerCase(Locale.ROOT);
        if (text.endsWith(";")) {
            text = text.substring(0, text.length() - 1).stripTrailing();
        }
        if (text.indexOf('\\') >= 0 || text.contains("--") || text.contains("/*") || text.indexOf('$') >= 0 || text.indexOf(';') >= 0) {
            return 0;
        }
        Scanner scan = new Scanner(text);
        if (!scan.word("insert") || !scan.word("into") || !scan.name()) {
            return 0;
        }
        if (scan.word("as") && !scan.name()) {
            return 0;
        }
        if (scan.peek() == '(' && !scan.group()) {
            return 0;
        }
        if (scan.word("default")) {
            return scan.word("values") && scan.atEnd() ? 1 : 0;
        }
        if (!scan.word("values")) {
            return 0;
        }
        int rows = 0;
        do {
            if (scan.peek() != '(' || !scan.group()) {
                return 0;
            }
            rows++;
        } while (scan.comma());
        return scan.atEnd() ? rows : 0;
    }

    /** Just enough of SQL's lexical rules to walk an INSERT: words, (quoted) names, balanced parentheses. */
    private static final class Scanner {
        private final String text;
        private int at;

        Scanner(String text) {
            this.text = text;
        }

        private void space() {
            while (at < text.length() && Character.isWhitespace(text.charAt(at))) {
                at++;
            }
        }

        char peek() {
            space();
            return at < text.length() ? text.charAt(at) : 0;
        }

        boolean atEnd() {
            return peek() == 0;
        }

        boolean comma() {
            if (peek() == ',') {
                at++;
                return true;
            }
            return false;
        }

        boolean word(String word) {
            space();
            int end = at + word.length();
            if (text.startsWith(word, at) && (end == text.length() || !identifierPart(text.charAt(end)))) {
                at = end;
                return true;
            }
            return false;
        }

        /** A possibly qualified, possibly quoted name; keywords that would follow one are not names. */
        boolean name() {
            do {
                space();
                if (peek() == '"') {
                    if (!quoted('"')) {
                        return false;
                    }
                } else {
                    int start = at;
                    while (at < text.length() && identifierPart(text.charAt(at))) {
                        at++;
                    }
                    String word = text.substring(start, at);
                    if (word.isEmpty() || word.equals("values") || word.equals("default") || word.equals("select")) {
                        return false;
                    }
                }
            } while (peek() == '.' && ++at > 0);
            return true;
        }

        /** A balanced parenthesised group; false on anything it cannot skip safely (an escape string). */
        boolean group() {
            int depth = 0;
            while (at < text.length()) {
                char c = text.charAt(at);
                if (c == '\'' || c == '"') {
                    if (c == '\'' && at > 0 && (text.charAt(at - 1) == 'e' || text.charAt(at - 1) == 'u'
                            || text.charAt(at - 1) == 'b' || text.charAt(at - 1) == 'x' || text.charAt(at - 1) == '&')) {
                        return false; // E'...', U&'...', B'...', X'...': another escape syntax
                    }
                    if (!quoted(c)) {
                        return false;
                    }
                    continue;
                }
                at++;
                if (c == '(') {
                    depth++;
                } else if (c == ')' && --depth == 0) {
                    return true;
                }
            }
            return false;
        }

        /** A quoted string or name, its quote doubled inside. */
        private boolean quoted(char quote) {
            at++;
            while (at < text.length()) {
                if (text.charAt(at++) == quote) {
                    if (at < text.length() && text.charAt(at) == quote) {
                        at++;
                    } else {
                        return true;
                    }
                }
            }
            return false;
        }

        private static boolean identifierPart(char c) {
            return Character.isLetterOrDigit(c) || c == '_';
        }
    }

    /** The parameter in PostgreSQL's text form, NULL, or null when it cannot be written as text safely. */
    static Object literal(String setter, Object[] args, Connection real) throws SQLException {
        Object value = args[1];
        if (setter.equals("setNull") || value == null) {
            return NULL;
        }
        String text;
        if (value instanceof java.util.Date && !(value instanceof Time)) {
            // as pgjdbc sends it: microseconds rounded half up, in its calendar. Timestamp.toString() gives nanoseconds,
            // which PostgreSQL rounds otherwise (0.0000025 to 0.000002, where pgjdbc sends 0.000003)
            if (args.length > 2 || !real.isWrapperFor(BaseConnection.class)) {
                return null;
            }
            TimestampUtils utils = real.unwrap(BaseConnection.class).getTimestampUtils();
            text = value instanceof Timestamp timestamp ? utils.toString(null, timestamp)
                    : value instanceof Date date ? utils.toString(null, date) : null;
            if (text == null) {
                return null;
            }
        } else if (value instanceof String s) {
            text = s;
        } else if (value instanceof BigDecimal d) {
            text = d.toPlainString();
        } else if (value instanceof Number || value instanceof Boolean || value instanceof UUID
                || value instanceof Temporal || value instanceof Date
                || value instanceof Time || value instanceof Timestamp) {
            text = value.toString();
        } else if (value instanceof byte[] bytes) {
            text = "\\x" + HexFormat.of().formatHex(bytes);
        } else if (value instanceof Array array) {
            text = array.toString();
        } else if (value instanceof PGobject pg) {
            text = pg.getValue();
        } else {
            return null;
        }
        if (text.indexOf('\0') >= 0) {
            return null;
        }
        return text;
    }
}

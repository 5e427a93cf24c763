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

package dev.refold.internal.isolation;

import java.sql.SQLException;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Names the table a handler's refused write was aimed at. PostgreSQL says "permission denied for table x"
 * (no schema), or only "permission denied for schema y" when the role may not even look into the schema,
 * so the target is read from the statement itself where it can be.
 */
public final class WriteRefusal {
    private static final String INSUFFICIENT_PRIVILEGE = "42501";
    private static final String NAME = "(?:\"(?:[^\"]|\"\")+\"|[\\p{L}_][\\p{L}\\p{N}_$]*)";
    private static final Pattern TARGET = Pattern.compile("(?is)\\b(?:insert\\s+into|update(?:\\s+only)?|delete\\s+from(?:\\s+only)?"
            + "|merge\\s+into|truncate(?:\\s+table)?(?:\\s+only)?|copy|alter\\s+table(?:\\s+if\\s+exists)?(?:\\s+only)?"
            + "|drop\\s+table(?:\\s+if\\s+exists)?|lock(?:\\s+table)?)\\s+(" + NAME + "(?:\\s*\\.\\s*" + NAME + ")?)");
    private static final Pattern JOOQ_SQL = Pattern.compile("(?s)SQL \\[(.*?)\\]; ");
    private static final Pattern FOR_TABLE = Pattern.compile("permission denied for (?:table|relation|sequence) (\\S+)");

    private WriteRefusal() {
    }

    /**
     * For a failure caused by missing rights: a sentence naming the target table, to put before the error.
     * Empty for any other failure.
     */
    public static String describe(Throwable failure) {
        SQLException refused = refusal(failure);
        if (refused == null) {
            return "";
        }
        String target = target(failure);
        return target == null
                ? "a projection may write only in its own schema; "
                : "a projection may write only in its own schema, and this statement writes to table " + target + "; ";
    }

    private static SQLException refusal(Throwable failure) {
        for (Throwable t = failure; t != null; t = t.getCause()) {
            if (t instanceof SQLException sql && INSUFFICIENT_PRIVILEGE.equals(sql.getSQLState())) {
                return sql;
            }
        }
        return null;
    }

    private static String target(Throwable failure) {
        for (Throwable t = failure; t != null; t = t.getCause()) {
            String message = t.getMessage();
            if (message == null) {
                continue;
            }
            Matcher sql = JOOQ_SQL.matcher(message);
            if (sql.find()) {
                Matcher target = TARGET.matcher(sql.group(1));
                if (target.find()) {
                    return unquote(target.group(1));
                }
            }
        }
        for (Throwable t = failure; t != null; t = t.getCause()) {
            Matcher table = t.getMessage() == null ? null : FOR_TABLE.matcher(t.getMessage());
            if (table != null && table.find()) {
                return table.group(1);
            }
        }
        return null;
    }

    private static String unquote(String qualified) {
        StringBuilder out = new StringBuilder();
        Matcher part = Pattern.compile(NAME).matcher(qualified);
        while (part.find()) {
            String p = part.group();
            if (out.length() > 0) {
                out.append('.');
            }
            out.append(p.startsWith("\"") ? p.substring(1, p.length() - 1).replace("\"\"", "\"") : p.toLowerCase(Locale.ROOT));
        }
        return out.toString();
    }
}

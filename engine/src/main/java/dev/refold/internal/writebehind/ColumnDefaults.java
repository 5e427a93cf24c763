package dev.refold.internal.writebehind;

import java.util.regex.Pattern;

/**
 * A column default as PostgreSQL computes it for a new row, for whatever builds rows outside PostgreSQL: write-behind's
 * held rows ({@link TableCatalog}) and a fold's new rows. A default is evaluated by PostgreSQL, cast to the column's
 * type (so {@code double precision default 0.1::real} is the float4 nearest 0.1, widened, and
 * {@code integer default 1.5} is 2); only a single literal counts as constant, anything else (now(), nextval(...),
 * an expression) is evaluated again for each new row.
 */
public final class ColumnDefaults {
    /** A default that is one literal, maybe cast: 0, 'placed'::text, '-1'::integer, false. */
    private static final Pattern LITERAL = Pattern.compile(
            "\\(?(?:'(?:[^']|'')*'|-?\\d+(?:\\.\\d+)?|true|false)\\)?(?:::[a-z ]+(?:\\(\\d+(?:,\\s*\\d+)?\\))?)*");

    private ColumnDefaults() {
    }

    /** Whether the default (as {@code pg_get_expr} gives it) is one literal: the same value for every row. */
    public static boolean constant(String expression) {
        return LITERAL.matcher(expression).matches();
    }

    /** The SQL of the default's value as the column's type ({@code type} as SQL, e.g. {@code format_type}'s). */
    public static String asColumnType(String expression, String type) {
        return "((" + expression + ")::" + type + ")";
    }
}

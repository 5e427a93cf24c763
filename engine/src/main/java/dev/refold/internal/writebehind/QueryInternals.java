package dev.refold.internal.writebehind;

import org.jooq.Field;
import org.jooq.Query;

import java.util.List;

/**
 * Two facts about a DML statement that jOOQ 3.19's query object model does not expose: its RETURNING fields
 * (which {@code UpdatableRecord.store()} adds for the primary key) and whether its ON CONFLICT names a constraint.
 * Read from jOOQ's fields reflectively; where that is impossible (another jOOQ version, jOOQ on the module path),
 * the answer is "unknown" and the caller stays on the safe side.
 */
final class QueryInternals {
    private static final java.lang.reflect.Field RETURNING = field("org.jooq.impl.AbstractDMLQuery", "returning");
    private static final java.lang.reflect.Field RETURNING_RESOLVED = field("org.jooq.impl.AbstractDMLQuery", "returningResolvedAsterisks");
    private static final java.lang.reflect.Field ON_CONSTRAINT = field("org.jooq.impl.InsertQueryImpl", "onConstraint");

    private QueryInternals() {
    }

    private static java.lang.reflect.Field field(String type, String name) {
        try {
            java.lang.reflect.Field field = Class.forName(type, false, Query.class.getClassLoader()).getDeclaredField(name);
            field.setAccessible(true);
            return field;
        } catch (ReflectiveOperationException | RuntimeException unavailable) {
            return null;
        }
    }

    /**
     * The statement's RETURNING fields, asterisks resolved (empty without a RETURNING clause); null when they cannot
     * be read, or when the clause names something that resolves to no field (an asterisk of a table jOOQ knows no
     * columns of): then only the database can answer.
     */
    @SuppressWarnings("unchecked")
    static List<Field<?>> returning(Query query) {
        Object clause = read(RETURNING, query);
        Object resolved = read(RETURNING_RESOLVED, query);
        if (!(clause instanceof List<?> named) || !(resolved instanceof List<?> fields)) {
            return null;
        }
        return !named.isEmpty() && fields.isEmpty() ? null : (List<Field<?>>) fields;
    }

    /** Whether the statement certainly has no RETURNING clause. */
    static boolean returnsNothing(Query query) {
        List<Field<?>> returning = returning(query);
        return returning != null && returning.isEmpty();
    }

    /** Whether an INSERT's ON CONFLICT names a constraint: TRUE, FALSE, or null when that cannot be read. */
    static Boolean namesConstraint(Query query) {
        if (ON_CONSTRAINT == null || !ON_CONSTRAINT.getDeclaringClass().isInstance(query)) {
            return null;
        }
        try {
            return ON_CONSTRAINT.get(query) != null;
        } catch (IllegalAccessException | RuntimeException unreadable) {
            return null;
        }
    }

    private static Object read(java.lang.reflect.Field field, Query query) {
        if (field == null || !field.getDeclaringClass().isInstance(query)) {
            return null;
        }
        try {
            return field.get(query);
        } catch (IllegalAccessException | RuntimeException unreadable) {
            return null;
        }
    }
}

package dev.refold.internal.statements;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Savepoint;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;

/**
 * Runs a chunk of deferred writes with one call of a session-local PL/pgSQL function, {@code pg_temp.refold_apply}.
 *
 * <p>Why: a statement sent on its own costs the server a protocol round (parse, bind, portal, execute), which
 * for a one-row update by key is more than the update itself. Inside a function, the same statements run from
 * cached generic plans, in log order, and the chunk's parameters arrive as a few text arrays. The function holds
 * one branch per statement shape; each parameter is cast to the type PostgreSQL inferred when the shape was
 * prepared, so values coerce exactly as they would in {@code EXECUTE}.
 *
 * <p>The function is created inside the writer's transaction, so a rollback takes it away: {@link #forget()}
 * makes the next chunk create it again. If it cannot be created, {@link #enabled()} turns false and the writes go
 * by {@code EXECUTE} instead.
 */
final class ApplyFunction {
    private static final Logger LOG = LoggerFactory.getLogger(ApplyFunction.class);
    /**
     * Smaller chunks go by EXECUTE: a live catch-up of a few events should not create (and drop) a function each
     * round, which would churn the catalog for no gain.
     */
    static final int MIN_CHUNK = 32;
    /** Branches in one function; further shapes (handlers that build SQL per event) go by EXECUTE. */
    static final int MAX_SHAPES = 64;
    /** Far below PostgreSQL's 100 arguments per function; wider statements go by EXECUTE. */
    static final int MAX_PARAMETERS = 48;
    private static final String QUOTE = "$refold_apply$";

    private final List<StatementShape> shapes = new ArrayList<>();
    private int parameters;
    private boolean current;
    /** {@code -Drefold.internal.applyFunction=false} sends every write by EXECUTE: the benchmark's ablation of this class. */
    private boolean enabled = !"false".equals(System.getProperty("refold.internal.applyFunction"));
    private PreparedStatement call;

    boolean enabled() {
        return enabled;
    }

    /** Gives the shape a branch, if it fits; returns whether the function will run it. */
    boolean admit(StatementShape shape) {
        if (!enabled || shapes.size() >= MAX_SHAPES || shape.parameterTypes().size() > MAX_PARAMETERS
                || shape.sql().contains(QUOTE) || shape.sql().stripTrailing().endsWith(";")) { // plpgsql has no empty statement
            return false;
        }
        shape.branch(shapes.size());
        shapes.add(shape);
        current = false;
        return true;
    }

    boolean runs(StatementShape shape) {
        return enabled && shape.branch() >= 0;
    }

    /**
     * Runs the writes, which all have a branch, in order; false, having run none, if the function cannot be
     * created (the caller sends them by EXECUTE instead).
     */
    boolean run(Connection connection, List<DeferredWrite> writes) throws SQLException {
        if (!current && !create(connection)) {
            return false;
        }
        Object[] branches = new Object[writes.size()];
        Object[][] columns = new Object[parameters][writes.size()];
        for (int i = 0; i < writes.size(); i++) {
            DeferredWrite write = writes.get(i);
            branches[i] = write.shape().branch();
            String[] values = write.values();
            for (int p = 0; p < values.length; p++) {
                columns[p][i] = values[p];
            }
        }
        call.setArray(1, connection.createArrayOf("int4", branches));
        for (int p = 0; p < parameters; p++) {
            call.setArray(p + 2, connection.createArrayOf("text", columns[p]));
        }
        call.execute();
        return true;
    }

    /** Creates (or replaces) the function with every branch so far; false, and disabled, if PostgreSQL refuses it. */
    boolean create(Connection connection) throws SQLException {
        int width = 0;
        for (StatementShape shape : shapes) {
            width = Math.max(width, shape.parameterTypes().size());
        }
        Savepoint before = connection.setSavepoint();
        try (Statement s = connection.createStatement()) {
            s.execute("drop function if exists pg_temp.refold_apply");
            s.execute(definition(width));
            connection.releaseSavepoint(before);
        } catch (SQLException refused) {
            // An exotic statement plpgsql will not take must not stop the rebuild: EXECUTE runs everything instead.
            connection.rollback(before);
            LOG.debug("PostgreSQL refused the batch function, so deferred writes go by EXECUTE: {}", refused.getMessage());
            enabled = false;
            return false;
        }
        if (call != null) {
            call.close();
        }
        StringBuilder sql = new StringBuilder("select pg_temp.refold_apply(?");
        sql.append(", ?".repeat(width)).append(')');
        call = connection.prepareStatement(sql.toString());
        parameters = width;
        current = true;
        return true;
    }

    String definition(int width) {
        StringBuilder arguments = new StringBuilder("refold_s int[]");
        StringBuilder arrays = new StringBuilder("refold_s");
        StringBuilder columns = new StringBuilder("s");
        for (int p = 1; p <= width; p++) {
            arguments.append(", refold_p").append(p).append(" text[]");
            arrays.append(", refold_p").append(p);
            columns.append(", p").append(p);
        }
        StringBuilder body = new StringBuilder();
        body.append("create function pg_temp.refold_apply(").append(arguments).append(") returns void language plpgsql as ")
                .append(QUOTE).append('\n')
                .append("#variable_conflict use_column\n")
                .append("declare refold_w record;\n")
                .append("begin\n")
                .append("  for refold_w in select * from unnest(").append(arrays).append(") as refold_u(").append(columns)
                .append(") loop\n")
                .append("    case refold_w.s\n");
        for (StatementShape shape : shapes) {
            List<String> types = shape.parameterTypes();
            body.append("      when ").append(shape.branch()).append(" then ")
                    .append(SqlPlaceholders.replaced(shape.sql(), n -> "cast(refold_w.p" + n + " as " + types.get(n - 1) + ")"))
                    .append("\n;\n"); // on a line of its own: the statement may end in a -- comment
        }
        body.append("    end case;\n  end loop;\nend\n").append(QUOTE);
        return body.toString();
    }

    /** After a rollback: the function may be gone with it. */
    void forget() {
        current = false;
    }

    /** Turns the function off for the rest of this replay: everything goes by EXECUTE. */
    void disable() {
        enabled = false;
    }

    void drop(Connection connection) throws SQLException {
        if (call != null) {
            call.close();
            call = null;
        }
        if (!shapes.isEmpty()) {
            try (Statement s = connection.createStatement()) {
                s.execute("drop function if exists pg_temp.refold_apply");
            }
        }
        current = false;
    }
}

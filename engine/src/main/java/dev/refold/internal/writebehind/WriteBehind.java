package dev.refold.internal.writebehind;

import dev.refold.internal.statements.StatementGate;
import org.jooq.Configuration;
import org.jooq.ExecuteContext;
import org.jooq.ExecuteListener;
import org.jooq.QueryPart;
import org.jooq.VisitContext;
import org.jooq.VisitListener;
import org.jooq.exception.DataAccessException;
import org.jooq.impl.DSL;
import org.jooq.tools.jdbc.MockResultSet;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.Map;
import java.util.Set;

/**
 * Holds a rebuild's rows in memory while its handlers write them, and copies them in when they must be seen.
 *
 * <p>A handler-style projection writes each row many times (an order is inserted, then updated for each item,
 * then for its shipment), and during a rebuild nobody reads the shadow but the handlers themselves. So the
 * statements jOOQ executes are read through its query object model before they are rendered: a write to one row
 * of a {@link TableCatalog held table} by its primary key is applied to that row in memory, and jOOQ renders a
 * stand-in that no database sees. Everything else still goes to the database, in order: a read, or a statement
 * write-behind cannot follow, first has every held row written out, and a statement it cannot follow for a held
 * table ends holding for that table. Held rows reach the table by COPY at the rebuild's checkpoints.
 *
 * <p>Write-behind never decides what PostgreSQL would refuse: a duplicate key, an overflow, a value too long, a
 * NULL where none may be all make it send the statement to the database, which then raises the error itself.
 *
 * <p>Just over 300 lines, one concept: the held rows and the two jOOQ listeners that decide and enact what happens
 * to each statement share one state (the current decision, the stand-in, the broken flag).
 */
public final class WriteBehind implements StatementGate {
    private static final Logger LOG = LoggerFactory.getLogger(WriteBehind.class);
    /** What jOOQ renders instead of a held statement; the deferred connection absorbs it. */
    static final String HELD_SQL = "refold_write_behind_held_statement";
    private static final QueryPart HELD_PART = DSL.sql(HELD_SQL);

    private final String schema;
    private final Map<String, HeldTable> tables;
    private final WriteInterpreter interpreter;
    private ExecuteContext heldContext;
    private Decision current;
    private RuntimeException broken;
    private PreparedStatement heldStatement;
    private long writesHeld;
    /** Write-outs a read forced, and the writes held in all; together they say whether holding still pays. */
    private long writeOuts;
    private long writesHeldInAll;
    private Connection writer;
    private Pending pending;

    private WriteBehind(String schema, Map<String, HeldTable> tables, Set<String> schemas, Set<String> otherRelations,
                        boolean utcSession) {
        this.schema = schema;
        this.tables = tables;
        this.interpreter = new WriteInterpreter(tables, schemas, otherRelations, utcSession);
    }

    /**
     * Write-behind for a rebuild into {@code shadowSchema}, or null when none of its tables can be held.
     *
     * @param projectionSchema the schema the handlers' jOOQ classes name, mapped to the shadow when rendered
     */
    public static WriteBehind open(Connection writer, String shadowSchema, String projectionSchema) throws SQLException {
        Map<String, HeldTable> tables = TableCatalog.read(writer, shadowSchema);
        if (tables.isEmpty()) {
            return null;
        }
        LOG.debug("Write-behind holds {} of schema {}", tables.keySet(), shadowSchema);
        return new WriteBehind(shadowSchema, tables, Set.of(shadowSchema, projectionSchema),
                TableCatalog.otherRelations(writer, shadowSchema), TableCatalog.utcSession(writer));
    }

    /**
     * The writer the held rows are copied into when a statement needs them in the table, and how to send what
     * is waiting on it first.
     */
    @Override
    public void bind(Connection writer, Pending pending) {
        this.writer = writer;
        this.pending = pending;
    }

    /** Makes the handlers' jOOQ configuration go through write-behind. */
    public Configuration attach(Configuration configuration) {
        return configuration.set(new Listener()).set(new StandIn());
    }

    /** Held writes applied since the last call. */
    public long takeWritesHeld() {
        long taken = writesHeld;
        writesHeld = 0;
        return taken;
    }

    /** Rows held in memory now. */
    public int heldRows() {
        int rows = 0;
        for (HeldTable table : tables.values()) {
            rows += table.size();
        }
        return rows;
    }

    /** Takes every held row out, to be copied in; their keys are in the tables from then on. */
    public HeldRows detach() {
        HeldRows detached = new HeldRows();
        for (HeldTable table : tables.values()) {
            detached.add(schema, table, table.detach().values());
        }
        return detached;
    }

    /**
     * A held write that jOOQ did not complete as planned (it wanted rows back, or failed half-way): the held rows
     * can no longer be trusted, and the caller must roll back and replay without write-behind.
     */
    public void throwIfBroken() {
        if (broken != null) {
            throw broken;
        }
    }

    /** The stand-in for a held statement, or null when {@code sql} is a real statement. */
    @Override
    public PreparedStatement absorb(String sql, Connection owner) throws SQLException {
        if (!HELD_SQL.equals(sql)) {
            return null;
        }
        if (current == null || current.kind() != Decision.Kind.HOLD) {
            throw brokenBy(new IllegalStateException("write-behind's stand-in statement was prepared outside a held write"));
        }
        if (heldStatement == null) {
            heldStatement = (PreparedStatement) Proxy.newProxyInstance(PreparedStatement.class.getClassLoader(),
                    new Class<?>[]{PreparedStatement.class}, (self, method, args) -> onHeldStatement(owner, method));
        }
        return heldStatement;
    }

    /**
     * Called before any statement reaches the writer: unless this statement neither reads nor writes held rows, the
     * held rows are written out first, and a statement write-behind cannot follow for a held table ends holding it.
     */
    @Override
    public void beforeStatement() throws SQLException {
        Decision decision = current != null ? current : Decision.stopAll("a statement run on the JDBC connection");
        current = null;
        enact(decision);
    }

    /** Writes every held row out and holds nothing more in this rebuild. */
    @Override
    public void stopHolding(String reason) throws SQLException {
        enact(Decision.stopAll(reason));
    }

    private void enact(Decision decision) throws SQLException {
        if (decision.kind() == Decision.Kind.PASS) {
            return;
        }
        if (decision.kind() == Decision.Kind.WRITE_OUT && readsTooOften()) {
            decision = Decision.stopAll("the handlers read their tables every few writes, so holding rows saves nothing");
        }
        if (decision.kind() == Decision.Kind.STOP) {
            for (HeldTable table : tables.values()) {
                if (table.holding() && (decision.table() == null || decision.table() == table)) {
                    LOG.debug("Write-behind stops holding {}: {}", table.name(), decision.reason());
                }
            }
        }
        HeldRows rows = detach();
        if (!rows.isEmpty()) {
            pending.flush();
            rows.copyInto(writer);
            writeOuts++;
        }
        if (decision.kind() == Decision.Kind.STOP) {
            for (HeldTable table : tables.values()) {
                if (decision.table() == null || decision.table() == table) {
                    table.stopHolding();
                }
            }
        }
    }

    private Object onHeldStatement(Connection owner, Method method) throws SQLException {
        Decision decision = current;
        switch (method.getName()) {
            case "execute", "executeUpdate", "executeLargeUpdate":
                if (decision == null || decision.kind() != Decision.Kind.HOLD || decision.apply() == null) {
                    throw brokenBy(new IllegalStateException("write-behind's stand-in statement ran twice"));
                }
                if (decision.returned() != null) {
                    throw brokenBy(new IllegalStateException("a held INSERT ... RETURNING was executed without a result set"));
                }
                applyHeld(decision);
                return switch (method.getName()) {
                    case "execute" -> false;
                    case "executeUpdate" -> decision.count();
                    default -> (long) decision.count();
                };
            case "executeQuery":
                if (decision == null || decision.apply() == null || decision.returned() == null) {
                    throw brokenBy(new IllegalStateException("a held write was asked for rows it cannot return"));
                }
                applyHeld(decision);
                return new MockResultSet(decision.returned());
            case "getUpdateCount":
                return decision == null ? -1 : decision.count();
            case "getLargeUpdateCount":
                return decision == null ? -1L : (long) decision.count();
            case "getMoreResults", "isClosed":
                return false;
            case "getResultSet", "getWarnings", "getGeneratedKeys", "close", "clearWarnings", "clearParameters",
                 "setQueryTimeout", "setFetchSize", "setMaxRows", "setPoolable", "setEscapeProcessing", "closeOnCompletion":
                return null;
            case "getConnection":
                return owner;
            default:
                throw brokenBy(new IllegalStateException("a held write was asked for " + method.getName()
                        + " (a RETURNING clause?), which write-behind cannot answer"));
        }
    }

    private void applyHeld(Decision decision) {
        decision.apply().run();
        writesHeld++;
        writesHeldInAll++;
        current = decision.applied();
    }

    /**
     * A handler that reads its own tables every few writes makes each read a COPY round on top of the statement's:
     * past 64 write-outs at fewer than 16 held writes each, the statements go to the database as written.
     */
    private boolean readsTooOften() {
        return writeOuts >= 64 && writesHeldInAll < 16 * writeOuts;
    }

    private SQLException brokenBy(RuntimeException cause) {
        broken = cause;
        return new SQLException(cause.getMessage(), cause);
    }

    /** Decides, before jOOQ renders a statement, what happens to it. */
    private final class Listener implements ExecuteListener {
        @Override
        public void start(ExecuteContext ctx) {
            current = ctx.query() == null ? Decision.stopAll("a batch or routine") : interpreter.decide(ctx.query());
            heldContext = current.kind() == Decision.Kind.HOLD ? ctx : null;
        }

        /**
         * A statement jOOQ runs without preparing it again (a query kept with {@code keepStatement(true)}) reaches
         * the database without {@link #beforeStatement}: its decision is enacted here.
         */
        @Override
        public void executeStart(ExecuteContext ctx) {
            if (current != null && current.kind() != Decision.Kind.HOLD) {
                try {
                    beforeStatement();
                } catch (SQLException e) {
                    throw new DataAccessException("writing held rows out: " + e.getMessage(), e);
                }
            }
        }

        @Override
        public void exception(ExecuteContext ctx) {
            if (ctx == heldContext) {
                // before the write was applied, or after: either way the handler saw an error PostgreSQL would not raise
                broken = new IllegalStateException("a held write failed in jOOQ", ctx.exception());
            }
        }

        @Override
        public void end(ExecuteContext ctx) {
            if (current != null && current.kind() == Decision.Kind.HOLD && current.apply() != null && broken == null) {
                // a statement kept from an earlier execution ran instead of the stand-in: the held row missed the write
                broken = new IllegalStateException("a held write reached the database through a kept statement");
            }
            heldContext = null;
            current = null;
        }
    }

    /** Renders the stand-in instead of a held statement, so that its SQL is never built. */
    private final class StandIn implements VisitListener {
        @Override
        public void visitStart(VisitContext context) {
            if (heldContext != null && context.queryPartsLength() == 1 && context.context().executeContext() == heldContext) {
                context.queryPart(HELD_PART);
            }
        }

        @Override
        public void visitEnd(VisitContext context) {
        }

        @Override
        public void clauseStart(VisitContext context) {
        }

        @Override
        public void clauseEnd(VisitContext context) {
        }
    }
}

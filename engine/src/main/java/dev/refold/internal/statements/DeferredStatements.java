package dev.refold.internal.statements;

import dev.refold.internal.db.Identifiers;
import dev.refold.internal.threads.HelperThreads;

import java.lang.reflect.InvocationHandler;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.sql.BatchUpdateException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Future;

/**
 * Lets a replay send a whole batch of heterogeneous writes in one round trip, in log order.
 *
 * <p>JDBC batches only group repetitions of one statement, and the events of a log interleave (an order's
 * item, another order's shipment, ...), so batching by statement would either send tiny batches or reorder
 * writes. Instead, handlers run against a {@link #connection() connection} that defers every update: each
 * distinct SQL is prepared once on the server ({@code PREPARE}), which tells the parameter types PostgreSQL
 * infers, and a chunk of executions is sent as one call of {@link ApplyFunction}, which runs them in log order
 * from cached plans. Shapes the function cannot hold go as {@code EXECUTE name('literal', ...)} in a pipelined
 * batch. A query (a read) first sends what is pending, so handlers always read their own writes.
 *
 * <p>Update counts. By default ({@link #exactCounts(boolean) exact counts}) a write is deferred only when its count
 * is known without running it: a plain {@code INSERT ... VALUES} of n rows inserts n rows or fails, and a failure
 * surfaces when the chunk is sent, with its event named. That holds only where nothing can make PostgreSQL insert
 * fewer rows than given, so it is checked once per connection (no BEFORE or INSTEAD OF row trigger on INSERT, no
 * INSERT rule, no foreign table in the database). Every other write (UPDATE, DELETE, INSERT ... SELECT, ON CONFLICT,
 * MERGE) sends what is pending, in order, and then runs at once, so it returns what PostgreSQL returns. When the
 * caller knows the counts are never read (proved from the handlers' bytecode, or promised by the projection), every
 * write is deferred and reports one row ({@code execute}, {@code executeUpdate}) or
 * {@link Statement#SUCCESS_NO_INFO} (each row of {@code executeBatch}): one, not zero, because jOOQ itself treats
 * zero as "the row was not found" (optimistic locking in {@code UpdatableRecord.store()}).
 *
 * <p>Over 300 lines, and one concept: the deferring connection and the statement handles it gives out, which share
 * its queue, its sender and its failure.
 */
public final class DeferredStatements {
    private static final Set<String> TRANSACTION_CONTROL = Set.of("setSavepoint", "rollback",
            "releaseSavepoint", "commit", "setAutoCommit");
    /** A deferred execution's count that only running it can tell. */
    private static final int UNKNOWN = Integer.MIN_VALUE;
    /** Statements per round trip while the handlers keep going. */
    private static final int CHUNK = 512;

    private final Connection real;
    private final PreparedShapes shapes = new PreparedShapes();
    private final Map<String, Boolean> deferrableBySql = new HashMap<>();
    private final ApplyFunction function = new ApplyFunction();
    private final List<DeferredWrite> pending = new ArrayList<>();
    private final Connection proxy;
    private final ExecutorService sender;
    private Future<?> inFlight;
    private Throwable failure;
    private StatementGate gate;
    private boolean exactCounts = true;
    /** Whether an INSERT ... VALUES of n rows inserts n rows on this database; asked once, when first needed. */
    private Boolean insertCountsKnown;
    private final Map<String, Integer> insertRowsBySql = new HashMap<>();

    public DeferredStatements(Connection real, ExecutorService sender) {
        this.real = real;
        this.sender = sender;
        this.proxy = (Connection) Proxy.newProxyInstance(Connection.class.getClassLoader(), new Class<?>[]{Connection.class},
                this::onConnection);
    }

    /**
     * True (the default): every write returns PostgreSQL's own update count, deferred only when the count is known
     * without running it. False: the caller knows the handlers never read counts, and every write is deferred.
     */
    public void exactCounts(boolean exact) {
        this.exactCounts = exact;
    }

    public boolean exactCounts() {
        return exactCounts;
    }

    /** Puts a gate in front of every statement the handlers open (null takes it away). */
    public void gate(StatementGate gate) {
        this.gate = gate;
        if (gate != null) {
            gate.bind(real, this::flush);
        }
    }

    /** The connection handlers' jOOQ context writes through. */
    public Connection connection() {
        return proxy;
    }

    /**
     * Sends everything pending and waits for it. A failure aborts the transaction; the caller rolls back and
     * replays the batch one statement at a time to find the event at fault.
     */
    public void flush() throws SQLException {
        sendPending();
        await();
    }

    /** Work for the sender thread once the pending statements are sent, such as committing them. */
    public interface AfterSending {
        void run() throws SQLException;
    }

    /**
     * Sends everything pending and then runs {@code after} on the sender thread, without waiting: the replay
     * goes on with the next batch while this one commits. A failure surfaces at the next call that waits.
     */
    public void flushThen(AfterSending after) throws SQLException {
        await();
        List<DeferredWrite> chunk = new ArrayList<>(pending);
        pending.clear();
        inFlight = sender.submit(() -> {
            send(chunk);
            after.run();
            return null;
        });
    }

    /**
     * Hands the pending statements to the sender thread, so that PostgreSQL executes them while the handlers
     * compute the next ones: on two cores, the replay's Java work and the database's work overlap.
     */
    private void sendPending() throws SQLException {
        await();
        if (pending.isEmpty()) {
            return;
        }
        List<DeferredWrite> chunk = new ArrayList<>(pending);
        pending.clear();
        inFlight = sender.submit(() -> {
            send(chunk);
            return null;
        });
    }

    /**
     * Waits for the chunk in flight; the connection may only be used by one thread at a time, so this waits even
     * when interrupted (and keeps the interrupt for the caller). A failure stays: every later wait throws it
     * again until {@link #clear()}, so that a handler catching it cannot let the replay carry on past writes
     * that were never stored.
     */
    private void await() throws SQLException {
        if (failure == null && inFlight != null) {
            failure = HelperThreads.awaitEnd(inFlight);
            inFlight = null;
        }
        if (failure != null) {
            HelperThreads.rethrow(failure, "sending deferred statements");
        }
    }

    /** Sends the chunk in order: runs the function can take in one call each, the rest as EXECUTE batches. */
    private void send(List<DeferredWrite> chunk) throws SQLException {
        boolean functionWorthIt = chunk.size() >= ApplyFunction.MIN_CHUNK;
        int start = 0;
        while (start < chunk.size()) {
            boolean byFunction = function.runs(chunk.get(start).shape());
            int end = start + 1;
            while (end < chunk.size() && function.runs(chunk.get(end).shape()) == byFunction) {
                end++;
            }
            List<DeferredWrite> run = chunk.subList(start, end);
            if (!byFunction || !functionWorthIt || !function.run(real, run)) {
                execute(run);
            }
            start = end;
        }
    }

    private void execute(List<DeferredWrite> writes) throws SQLException {
        try (Statement batch = real.createStatement()) {
            for (DeferredWrite write : writes) {
                batch.addBatch(executeCall(write));
            }
            batch.executeBatch();
        } catch (BatchUpdateException e) {
            throw e.getNextException() != null ? e.getNextException() : e;
        }
    }

    private static String executeCall(DeferredWrite write) {
        StringBuilder call = new StringBuilder("execute ").append(Identifiers.quote(write.shape().preparedName()));
        String[] values = write.values();
        if (values.length > 0) {
            call.append('(');
            for (int i = 0; i < values.length; i++) {
                call.append(i == 0 ? "" : ", ").append(values[i] == null ? "null" : "'" + values[i].replace("'", "''") + "'");
            }
            call.append(')');
        }
        return call.toString();
    }

    /** Forgets pending statements, as after a rollback. Server-side prepared statements stay valid. */
    public void clear() {
        try {
            await();
        } catch (SQLException | RuntimeException ignored) {
            // the caller is rolling back because of a failure it already holds
        }
        failure = null;
        pending.clear();
        function.forget();
    }

    /**
     * A chunk failed, yet the same events applied one statement at a time: the function, not a handler, was at
     * fault, so the rest of this replay goes by EXECUTE.
     */
    public void distrustFunction() {
        function.disable();
    }

    /** Whether chunks still go through the batch function (false once it was refused or distrusted). */
    public boolean functionEnabled() {
        return function.enabled();
    }

    /** Drops the server-side statements and the function; the connection goes back to the pool clean. */
    public void deallocate() throws SQLException {
        clear();
        function.drop(real);
        shapes.deallocate(real);
    }

    private Object onConnection(Object self, Method method, Object[] args) throws Throwable {
        String name = method.getName();
        boolean newStatement = name.equals("createStatement") || name.equals("prepareStatement") || name.equals("prepareCall");
        if (newStatement && gate != null) {
            PreparedStatement absorbed = args != null && args.length == 1 ? gate.absorb((String) args[0], proxy) : null;
            if (absorbed != null) {
                return absorbed;
            }
            gate.beforeStatement();
        } else if (gate != null && TRANSACTION_CONTROL.contains(name)) {
            // a savepoint rolled back would undo the statements but not what the gate holds since it
            gate.stopHolding("transaction control in a handler (" + name + ")");
        }
        if (name.equals("prepareStatement") && args.length == 1) {
            return deferredStatement((String) args[0]);
        }
        if (newStatement || name.equals("commit") || name.equals("rollback") || name.equals("setSavepoint")) {
            flush();
        } else {
            await();
        }
        return invoke(real, method, args);
    }

    private PreparedStatement deferredStatement(String sql) {
        return (PreparedStatement) Proxy.newProxyInstance(PreparedStatement.class.getClassLoader(),
                new Class<?>[]{PreparedStatement.class}, new DeferredCall(sql));
    }

    /** One statement a handler prepared: collects its parameters, defers its updates, runs its queries for real. */
    private final class DeferredCall implements InvocationHandler {
        private final String sql;
        private final List<Object[]> setters = new ArrayList<>();
        private final Map<Integer, Object> values = new HashMap<>();
        private final List<Map<Integer, Object>> batched = new ArrayList<>();
        private boolean deferrable;
        private PreparedStatement realStatement;
        /** The count the last deferred execution reported. */
        private int lastCount = 1;

        DeferredCall(String sql) {
            this.sql = sql;
            this.deferrable = deferrable(sql);
        }

        @Override
        public Object invoke(Object self, Method method, Object[] args) throws Throwable {
            String name = method.getName();
            if (realStatement != null) {
                // once it ran for real (a query), the statement and its results live on the real connection
                if (!name.equals("getConnection")) {
                    await();
                    return DeferredStatements.invoke(realStatement, method, args);
                }
                return proxy;
            }
            if (name.startsWith("set") && args != null && args.length >= 2 && args[0] instanceof Integer index
                    && !name.equals("setFetchSize") && !name.equals("setMaxRows") && !name.equals("setQueryTimeout")) {
                setters.add(new Object[]{method, args});
                Object literal = StatementLiterals.literal(name, args, real);
                if (literal == null) {
                    deferrable = false;
                } else {
                    values.put(index, literal);
                }
                return null;
            }
            switch (name) {
                case "execute":
                    if (args == null && deferrable) {
                        int count = deferredCount();
                        if (count != UNKNOWN) {
                            defer(values);
                            lastCount = count;
                            return false;
                        }
                    }
                    break;
                case "executeUpdate":
                case "executeLargeUpdate":
                    if (args == null && deferrable) {
                        int count = deferredCount();
                        if (count != UNKNOWN) {
                            defer(values);
                            lastCount = count;
                            return name.equals("executeUpdate") ? (Object) count : (Object) (long) count;
                        }
                    }
                    break;
                case "getUpdateCount":
                    return lastCount;
                case "getLargeUpdateCount":
                    return (long) lastCount;
                case "getMoreResults":
                    return false;
                case "getResultSet":
                case "getWarnings":
                case "getGeneratedKeys":
                    if (deferrable) {
                        return null;
                    }
                    break;
                case "addBatch":
                    // a count deferral cannot know sends the whole batch for real: from its first row on
                    if (args == null && deferrable && deferredCount() != UNKNOWN) {
                        batched.add(new HashMap<>(values));
                        return null;
                    }
                    break;
                case "executeBatch":
                    if (deferrable && deferredCount() != UNKNOWN) {
                        int count = exactCounts ? deferredCount() : Statement.SUCCESS_NO_INFO;
                        for (Map<Integer, Object> row : batched) {
                            defer(row);
                        }
                        int[] counts = new int[batched.size()];
                        Arrays.fill(counts, count);
                        batched.clear();
                        return counts;
                    }
                    break;
                case "clearParameters":
                    setters.clear();
                    values.clear();
                    deferrable = deferrable(sql);
                    return null;
                case "close":
                case "clearWarnings":
                case "setFetchSize":
                case "setMaxRows":
                case "setQueryTimeout":
                case "setPoolable":
                case "setEscapeProcessing":
                case "closeOnCompletion":
                    return null;
                case "isClosed":
                    return false;
                case "getConnection":
                    return proxy;
                default:
                    break;
            }
            return runForReal(method, args);
        }

        private void defer(Map<Integer, Object> row) throws SQLException {
            StatementShape shape = shape(sql);
            String[] parameters = new String[shape.parameterTypes().size()];
            for (int i = 0; i < parameters.length; i++) {
                Object value = row.get(i + 1);
                parameters[i] = value == null || value == StatementLiterals.NULL ? null : (String) value;
            }
            pending.add(new DeferredWrite(shape, parameters));
            if (pending.size() >= CHUNK) {
                sendPending();
            }
        }

        /**
         * The count a deferred execution of this statement reports, or {@link #UNKNOWN} when it must run at once to
         * know it (exact counts, and not an INSERT ... VALUES on a database where that inserts every row given).
         */
        private int deferredCount() throws SQLException {
            if (!exactCounts) {
                return 1;
            }
            int rows = insertRowsBySql.computeIfAbsent(sql, StatementLiterals::insertValuesRows);
            return rows > 0 && insertCountsKnown() ? rows : UNKNOWN;
        }

        /** Flushes what is pending, then prepares this statement on the real connection and runs it there from now on. */
        private Object runForReal(Method method, Object[] args) throws Throwable {
            flush();
            realStatement = real.prepareStatement(sql);
            for (Object[] setter : setters) {
                DeferredStatements.invoke(realStatement, (Method) setter[0], (Object[]) setter[1]);
            }
            return DeferredStatements.invoke(realStatement, method, args);
        }
    }

    /**
     * Whether PostgreSQL inserts every row an INSERT ... VALUES gives, on this database: nothing that could drop or
     * redirect a row (a BEFORE or INSTEAD OF row trigger on INSERT, an INSERT rule, a foreign table). Asked once.
     */
    private boolean insertCountsKnown() throws SQLException {
        if (insertCountsKnown == null) {
            await();
            try (Statement s = real.createStatement(); java.sql.ResultSet rs = s.executeQuery(INSERT_COUNTS_KNOWN)) {
                rs.next();
                insertCountsKnown = rs.getBoolean(1);
            }
        }
        return insertCountsKnown;
    }

    private static final String INSERT_COUNTS_KNOWN = "select not exists (select 1 from pg_trigger t"
            + " where not t.tgisinternal and (t.tgtype & 4) <> 0 and (t.tgtype & 1) <> 0 and (t.tgtype & 66) <> 0)"
            + " and not exists (select 1 from pg_rewrite r join pg_class c on c.oid = r.ev_class"
            + " join pg_namespace n on n.oid = c.relnamespace where r.ev_type = '3' and n.nspname <> 'pg_catalog')"
            + " and not exists (select 1 from pg_class where relkind = 'f')";

    /** Whether the SQL can be deferred; asked once per execution, so remembered per SQL text. */
    private boolean deferrable(String sql) {
        return deferrableBySql.computeIfAbsent(sql, StatementLiterals::returnsNoRows);
    }

    /** The SQL's shape, prepared on the server the first time, with a branch in the function if it fits. */
    private StatementShape shape(String sql) throws SQLException {
        StatementShape shape = shapes.get(sql);
        if (shape == null) {
            await();
            shape = shapes.prepare(real, sql);
            function.admit(shape);
        }
        return shape;
    }

    private static Object invoke(Object target, Method method, Object[] args) throws Throwable {
        try {
            return method.invoke(target, args);
        } catch (InvocationTargetException e) {
            throw e.getCause();
        }
    }
}

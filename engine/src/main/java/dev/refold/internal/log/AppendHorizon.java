package dev.refold.internal.log;

import dev.refold.internal.db.Database;
import dev.refold.internal.db.Identifiers;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;

/**
 * How far the log may be read without ever skipping an event that commits late, waiting only for transactions
 * that append to it.
 *
 * <p><b>Keys.</b> {@code transaction_id} is an event's <i>append key</i>, assigned by the database: the column's
 * default calls {@code refold.append_key()}, and a row trigger overwrites any other value a client sends (a row that
 * already carries the key does not fire it, so a multi-row insert pays no PL/pgSQL call per row). A transaction
 * draws its key on its first insert and every event it writes carries it. Drawing it, the transaction
 * <ol>
 *   <li>takes the shared transaction lock M = (space, 0): "I append";</li>
 *   <li>takes the exclusive session lock D = (space, 1), and under it draws {@code n = nextval(append_key_seq)},
 *       sets {@code k = greatest(n, own xid)}, moves the sequence up to k if k > n, and publishes k by taking the
 *       shared transaction lock on the bigint k; then releases D;</li>
 *   <li>remembers k in a transaction-local setting.</li>
 * </ol>
 * Because the sequence is only moved under D, it never goes back, and a key drawn later is greater than every key
 * drawn before: keys are unique and follow the order in which they were drawn.
 *
 * <p><b>The horizon.</b> {@code refold.append_horizon()} takes D shared for the reader's transaction, reads the
 * sequence's next value N (not transactional: the relation's current state), and the smallest published key P of
 * the transactions that hold M in this database; it returns H = least(N, P).
 *
 * <p><b>Why nothing is skipped.</b> Take an event with key k &lt; H whose writer W had not ended when H was
 * computed. W held M and D was not held by W at that moment (the reader held it shared), so W had either not
 * reached step 2 (then its key is drawn later, so k ≥ N ≥ H) or had published k (then P ≤ k, so H ≤ k). Both
 * contradict k &lt; H; so every writer of a key below H had ended. PostgreSQL makes a transaction's commit visible
 * before it releases its locks, so a query whose snapshot is taken after H was computed (the caller's next
 * statement) sees every such event, and a reader that goes in (key, position) order up to H can checkpoint there
 * and never meet an event behind its checkpoint. A savepoint rolled back releases its locks and its setting
 * together, and its rows are gone; the next insert draws a new, greater key. A prepared transaction keeps its
 * locks, and pg_locks pairs them by {@code virtualtransaction} as for any other.
 *
 * <p><b>What waits.</b> Only transactions that hold M: open transactions elsewhere on the server, in another
 * database, or in this one without an append, do not move H. Keys above every xid keep readers of the previous
 * release (below the snapshot's xmin) safe during a rolling upgrade; the changeset that introduced keys started the
 * sequence above every stored transaction id and every assigned xid, so old events keep sorting first.
 */
public final class AppendHorizon {
    private static final Duration FIRST_PAUSE = Duration.ofMillis(10);
    private static final Duration LONGEST_PAUSE = Duration.ofMillis(200);

    private final String schema;
    private final String events;

    public AppendHorizon(String schema) {
        this.schema = schema;
        this.events = Identifiers.quote(schema) + ".events";
    }

    /**
     * H: every event whose key is below it is committed, and visible to a statement started after this call
     * returned. The caller's transaction holds a shared lock that delays new keys: end it soon.
     */
    public long horizon(Connection connection) throws SQLException {
        try (Statement s = connection.createStatement();
             ResultSet rs = s.executeQuery("select " + Identifiers.quote(schema) + ".append_horizon()")) {
            rs.next();
            return rs.getLong(1);
        }
    }

    /** The highest key committed and visible now, or -1 for an empty log. */
    public long highestCommittedKey(Connection connection) throws SQLException {
        try (Statement s = connection.createStatement();
             ResultSet rs = s.executeQuery("select transaction_id::text::bigint from " + events
                     + " order by transaction_id desc limit 1")) {
            return rs.next() ? rs.getLong(1) : -1;
        }
    }

    /** Whether committed events wait behind an append in flight: their keys are at or above the horizon. */
    public boolean eventsWaiting(Connection connection) throws SQLException {
        return highestCommittedKey(connection) >= horizon(connection);
    }

    /**
     * The appends in flight that hold back events committed after the checkpoint (transaction id, position), or
     * an empty list when nothing committed waits for them.
     */
    public List<InFlightAppend> blocking(Connection connection, long transactionId, long position) throws SQLException {
        long horizon = horizon(connection);
        try (PreparedStatement query = connection.prepareStatement("select max(transaction_id::text::bigint) from " + events
                + " where transaction_id >= ?::xid8 and (transaction_id, position) > (?::xid8, ?)")) {
            query.setString(1, Long.toString(horizon));
            query.setString(2, Long.toString(transactionId));
            query.setLong(3, position);
            try (ResultSet rs = query.executeQuery()) {
                rs.next();
                long waiting = rs.getLong(1);
                return rs.wasNull() ? List.of() : inFlight(connection, waiting);
            }
        }
    }

    /** The transactions appending now whose key is below {@code below}, oldest key first. */
    public List<InFlightAppend> inFlight(Connection connection, long below) throws SQLException {
        List<InFlightAppend> found = new ArrayList<>();
        try (PreparedStatement query = connection.prepareStatement(
                "select m.pid, min((p.classid::bigint << 32) | p.objid::bigint) as key,"
                        + " extract(epoch from now() - min(a.xact_start)), min(a.state), min(a.application_name)"
                        + " from pg_locks m"
                        + " join pg_locks p on p.virtualtransaction = m.virtualtransaction and p.locktype = 'advisory'"
                        + " and p.database = m.database and p.objsubid = 1 and p.granted"
                        + " left join pg_stat_activity a on a.pid = m.pid"
                        + " where m.locktype = 'advisory' and m.database = (select oid from pg_database where datname = current_database())"
                        + " and m.classid = (hashtext('refold append key ' || ?) & 2147483647)::oid and m.objid = 0"
                        + " and m.objsubid = 2 and m.granted"
                        + " group by m.virtualtransaction, m.pid having min((p.classid::bigint << 32) | p.objid::bigint) < ?"
                        + " order by key")) {
            query.setString(1, schema);
            query.setLong(2, below);
            try (ResultSet rs = query.executeQuery()) {
                while (rs.next()) {
                    int pid = rs.getInt(1);
                    Integer maybePid = rs.wasNull() ? null : pid;
                    double seconds = rs.getDouble(3);
                    Duration age = rs.wasNull() ? null : Duration.ofMillis((long) (seconds * 1000));
                    found.add(new InFlightAppend(maybePid, rs.getLong(2), age, rs.getString(4), rs.getString(5)));
                }
            }
        }
        return found;
    }

    /** For messages: each append with its pid, age, session state and application. */
    public static String describe(List<InFlightAppend> appends) {
        return appends.stream().map(InFlightAppend::toString).collect(Collectors.joining("; "));
    }

    /**
     * A wait until every event committed before it started can be read: until the horizon passes the highest key
     * committed then. Used by {@code migrate}, {@code rebuild} and {@code verify}, which must not report a
     * read model built from part of what was committed before they were called.
     */
    public Wait untilCommittedBefore(Database database, Duration timeout) throws SQLException {
        try (Connection connection = database.connection()) {
            return new Wait(database, highestCommittedKey(connection), timeout);
        }
    }

    public final class Wait {
        private final Database database;
        private final long mustPass;
        private final Duration timeout;
        private final long started = System.nanoTime();
        private Duration pause = FIRST_PAUSE;

        private Wait(Database database, long mustPass, Duration timeout) {
            this.database = database;
            this.mustPass = mustPass;
            this.timeout = timeout;
        }

        /** Whether events below {@code horizon} include all those committed when the wait began. */
        public boolean passed(long horizon) {
            return horizon > mustPass;
        }

        /**
         * Sleeps a little and returns null, or, once the timeout has passed, returns what the wait is for: the
         * appends in flight that hold those events back.
         */
        public String pause() throws SQLException {
            if (System.nanoTime() - started >= timeout.toNanos()) {
                List<InFlightAppend> blockers;
                try (Connection connection = database.connection()) {
                    blockers = inFlight(connection, mustPass + 1);
                }
                return "events committed before this call are still held back after refold.horizonTimeout ("
                        + timeout.toSeconds() + " s) by " + (blockers.isEmpty() ? "an append that has just ended"
                        : (blockers.size() == 1 ? "an append in flight: " : blockers.size() + " appends in flight: ")
                        + describe(blockers)) + "; commit or roll back that transaction, or raise refold.horizonTimeout";
            }
            try {
                Thread.sleep(pause.toMillis());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return "interrupted while waiting for appends in flight";
            }
            pause = pause.multipliedBy(2).compareTo(LONGEST_PAUSE) > 0 ? LONGEST_PAUSE : pause.multipliedBy(2);
            return null;
        }
    }

    /**
     * A transaction that has drawn an append key and not ended.
     *
     * @param pid   null for a prepared transaction
     * @param age   since the transaction began, when its session is known
     * @param state the session's {@code pg_stat_activity.state}
     */
    public record InFlightAppend(Integer pid, long key, Duration age, String state, String applicationName) {
        @Override
        public String toString() {
            if (pid == null) {
                return "a prepared transaction (append key " + key + ")";
            }
            return "pid " + pid + ", in transaction for " + (age == null ? "?" : age.toMillis() / 1000.0 + " s")
                    + ", " + (state == null ? "state unknown" : state)
                    + (applicationName == null || applicationName.isEmpty() ? "" : ", application '" + applicationName + "'")
                    + " (append key " + key + ")";
        }
    }
}

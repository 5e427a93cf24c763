package dev.refold.internal.log;

import dev.refold.internal.db.Identifiers;
import org.postgresql.PGStatement;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import java.util.Optional;

/**
 * The log read in commit-safe order: by (append key, position), stored as {@code transaction_id}, and only below
 * the {@link AppendHorizon}. Every append below the horizon has ended, so no event can later appear behind a
 * reader that stopped there, whatever the commit order was: no event committed late is skipped, and no wall-clock
 * gap timeout is needed. Only transactions that append hold the horizon back. Replays and live catch-up read the
 * log only through this.
 */
public final class CommitSafeLog {
    /** Rows per round trip of the cursor: large enough that fetching is not where a replay waits. */
    private static final int FETCH_SIZE = 5000;

    private final String events;
    private final AppendHorizon appendHorizon;

    public CommitSafeLog(String refoldSchema) {
        this.events = Identifiers.quote(refoldSchema) + ".events";
        this.appendHorizon = new AppendHorizon(refoldSchema);
    }

    /** The appends in flight that hold the horizon back, and the wait of migrate, rebuild and verify for them. */
    public AppendHorizon appendHorizon() {
        return appendHorizon;
    }

    /** A place in commit order: everything at or before it has been applied. */
    public record Place(long transactionId, long position) {
    }

    /**
     * The append key below which every append has ended; commits the reader's transaction at once, since the pass's
     * query must take its snapshot after the horizon was computed.
     */
    public long horizon(Connection reader) throws SQLException {
        try {
            return appendHorizon.horizon(reader);
        } finally {
            reader.commit();
        }
    }

    /** How many events the log holds, and its highest position (committed only, as this transaction sees them). */
    public record Extent(long events, long head) {
    }

    public Extent extent(Connection reader) throws SQLException {
        try (Statement s = reader.createStatement();
             ResultSet rs = s.executeQuery("select count(*), coalesce(max(position), 0) from " + events)) {
            rs.next();
            return new Extent(rs.getLong(1), rs.getLong(2));
        } finally {
            reader.commit();
        }
    }

    /** The highest position in the log, committed or not yet safe to read: for progress reports and lag only. */
    public long head(Connection reader) throws SQLException {
        try (Statement s = reader.createStatement();
             ResultSet rs = s.executeQuery("select coalesce(max(position), 0) from " + events)) {
            rs.next();
            return rs.getLong(1);
        } finally {
            reader.commit();
        }
    }

    /**
     * The events of the given types after {@code after} and below {@code horizon}, in commit order, as
     * {@link StoredEvents#COLUMNS}; the caller runs and closes the statement inside the reader's transaction.
     */
    public PreparedStatement events(Connection reader, Place after, long horizon, List<String> types, int batchSize)
            throws SQLException {
        // Order by the table's columns (e.), not the selected bigint casts of the same name: only then does the
        // (transaction_id, position) index serve the order, instead of a sort of the whole log.
        PreparedStatement query = reader.prepareStatement("select " + StoredEvents.COLUMNS + " from " + events + " e"
                + " where (e.transaction_id, e.position) > (?::xid8, ?) and e.transaction_id < ?::xid8 and e.event_type = any(?)"
                + " order by e.transaction_id, e.position");
        query.setFetchSize(Math.max(batchSize, FETCH_SIZE));
        // Binary results from the first execution: the server need not format, nor the driver parse, the
        // numbers, uuids and timestamps of every row as text.
        query.unwrap(PGStatement.class).setPrepareThreshold(-1);
        query.setString(1, Long.toString(after.transactionId()));
        query.setLong(2, after.position());
        query.setString(3, Long.toString(horizon));
        query.setArray(4, reader.createArrayOf("text", types.toArray()));
        return query;
    }

    /**
     * How many committed events of the given types lie after {@code after}, whatever the horizon: what a replay
     * from there would apply once the appends in flight have ended. For {@code plan}, which reads and waits for
     * nothing.
     */
    public long count(Connection connection, Place after, List<String> types) throws SQLException {
        try (PreparedStatement query = connection.prepareStatement("select count(*) from " + events
                + " e where (e.transaction_id, e.position) > (?::xid8, ?) and e.event_type = any(?)")) {
            query.setString(1, Long.toString(after.transactionId()));
            query.setLong(2, after.position());
            query.setArray(3, connection.createArrayOf("text", types.toArray()));
            try (ResultSet rs = query.executeQuery()) {
                rs.next();
                return rs.getLong(1);
            }
        }
    }

    /** The last event of any type after {@code after} and below {@code horizon}, if there is one. */
    public Optional<Place> last(Connection connection, Place after, long horizon) throws SQLException {
        try (PreparedStatement query = connection.prepareStatement("select e.transaction_id::text::bigint, e.position from " + events
                + " e where e.transaction_id < ?::xid8 and (e.transaction_id, e.position) > (?::xid8, ?)"
                + " order by e.transaction_id desc, e.position desc limit 1")) {
            query.setString(1, Long.toString(horizon));
            query.setString(2, Long.toString(after.transactionId()));
            query.setLong(3, after.position());
            try (ResultSet rs = query.executeQuery()) {
                return rs.next() ? Optional.of(new Place(rs.getLong(1), rs.getLong(2))) : Optional.empty();
            }
        }
    }
}

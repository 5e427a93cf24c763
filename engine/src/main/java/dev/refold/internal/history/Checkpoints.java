package dev.refold.internal.history;

import dev.refold.internal.db.Identifiers;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.sql.Types;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** {@code refold.projection_checkpoints}. Callers pass the connection whose transaction holds the read-model rows. */
public final class Checkpoints {
    private static final String COLUMNS = "projection, target, version, checksum, last_transaction_id::text::bigint,"
            + " last_position, events_applied, started_at, updated_at, server_started_at, failed_position,"
            + " failed_event_type, failure";

    private final String table;
    /** Ranges of buckets done beyond their projection's checkpoint (see {@link BucketPlaces}). */
    private final String buckets;

    public Checkpoints(String schema) {
        this.table = Identifiers.quote(schema) + ".projection_checkpoints";
        this.buckets = Identifiers.quote(schema) + ".bucket_checkpoints";
    }

    public String table() {
        return table;
    }

    public List<Checkpoint> all(Connection connection) throws SQLException {
        try (PreparedStatement query = connection.prepareStatement("select " + COLUMNS + " from " + table + " order by projection, target")) {
            return read(query);
        }
    }

    public Optional<Checkpoint> find(Connection connection, String projection, String target, boolean forUpdate) throws SQLException {
        try (PreparedStatement query = connection.prepareStatement("select " + COLUMNS + " from " + table
                + " where projection = ? and target = ?" + (forUpdate ? " for update" : ""))) {
            query.setString(1, projection);
            query.setString(2, target);
            return read(query).stream().findFirst();
        }
    }

    private static List<Checkpoint> read(PreparedStatement query) throws SQLException {
        List<Checkpoint> result = new ArrayList<>();
        try (ResultSet rs = query.executeQuery()) {
            while (rs.next()) {
                long failedPosition = rs.getLong(11);
                result.add(new Checkpoint(rs.getString(1), rs.getString(2), rs.getInt(3), rs.getString(4), rs.getLong(5),
                        rs.getLong(6), rs.getLong(7), instant(rs.getTimestamp(8)), instant(rs.getTimestamp(9)),
                        instant(rs.getTimestamp(10)), rs.wasNull() ? null : failedPosition, rs.getString(12), rs.getString(13)));
            }
        }
        return result;
    }

    private static Instant instant(Timestamp timestamp) {
        return timestamp == null ? null : timestamp.toInstant();
    }

    /** A fresh checkpoint at the start of the log; replaces any earlier row for the same target. */
    public void start(Connection connection, String projection, String target, int version, String checksum,
                      boolean unloggedBuild) throws SQLException {
        remove(connection, projection, target);
        try (PreparedStatement insert = connection.prepareStatement("insert into " + table
                + " (projection, target, version, checksum, server_started_at) values (?, ?, ?, ?, "
                + (unloggedBuild ? "pg_postmaster_start_time()" : "null") + ")")) {
            insert.setString(1, projection);
            insert.setString(2, target);
            insert.setInt(3, version);
            insert.setString(4, checksum);
            insert.executeUpdate();
        }
    }

    /**
     * Moves the checkpoint from where this writer last saw it. Returns false, changing nothing, when it is no
     * longer there: another writer applied these events meanwhile (a worker that lost its lock with its
     * connection), and the caller must roll back rather than apply them twice.
     */
    public boolean advance(Connection connection, String projection, String target, long fromTransactionId, long fromPosition,
                           long transactionId, long position, long eventsApplied) throws SQLException {
        try (PreparedStatement update = connection.prepareStatement("update " + table
                + " set last_transaction_id = ?::xid8, last_position = ?, events_applied = events_applied + ?, updated_at = now(),"
                + " failed_position = null, failed_event_type = null, failure = null, failed_at = null"
                + " where projection = ? and target = ? and last_transaction_id = ?::xid8 and last_position = ?")) {
            update.setString(1, Long.toString(transactionId));
            update.setLong(2, position);
            update.setLong(3, eventsApplied);
            update.setString(4, projection);
            update.setString(5, target);
            update.setString(6, Long.toString(fromTransactionId));
            update.setLong(7, fromPosition);
            return update.executeUpdate() == 1;
        }
    }

    public void recordFailure(Connection connection, String projection, String target, Long position, String eventType,
                              String failure) throws SQLException {
        try (PreparedStatement update = connection.prepareStatement("update " + table
                + " set failed_position = ?, failed_event_type = ?, failure = ?, failed_at = now() where projection = ? and target = ?")) {
            if (position == null) {
                update.setNull(1, Types.BIGINT);
            } else {
                update.setLong(1, position);
            }
            update.setString(2, eventType);
            update.setString(3, failure);
            update.setString(4, projection);
            update.setString(5, target);
            update.executeUpdate();
        }
    }

    /** The build's tables are logged now: a server restart no longer empties them. */
    public void markDurable(Connection connection, String projection, String target) throws SQLException {
        try (PreparedStatement update = connection.prepareStatement(
                "update " + table + " set server_started_at = null where projection = ? and target = ?")) {
            update.setString(1, projection);
            update.setString(2, target);
            update.executeUpdate();
        }
    }

    /** The swap: the build's checkpoint becomes the live one. */
    public void promote(Connection connection, String projection, String buildTarget) throws SQLException {
        remove(connection, projection, Checkpoint.LIVE);
        try (PreparedStatement update = connection.prepareStatement(
                "update " + table + " set target = ?, server_started_at = null, updated_at = now() where projection = ? and target = ?")) {
            update.setString(1, Checkpoint.LIVE);
            update.setString(2, projection);
            update.setString(3, buildTarget);
            update.executeUpdate();
        }
        clearBuckets(connection, projection, buildTarget);
    }

    /** Repair: the serving read model takes the declared checksum. */
    public void realign(Connection connection, String projection, String checksum) throws SQLException {
        try (PreparedStatement update = connection.prepareStatement(
                "update " + table + " set checksum = ? where projection = ? and target = ?")) {
            update.setString(1, checksum);
            update.setString(2, projection);
            update.setString(3, Checkpoint.LIVE);
            update.executeUpdate();
        }
    }

    public void clearFailure(Connection connection, String projection) throws SQLException {
        recordFailure(connection, projection, Checkpoint.LIVE, null, null, null);
    }

    public void remove(Connection connection, String projection, String target) throws SQLException {
        try (PreparedStatement delete = connection.prepareStatement("delete from " + table + " where projection = ? and target = ?")) {
            delete.setString(1, projection);
            delete.setString(2, target);
            delete.executeUpdate();
        }
        clearBuckets(connection, projection, target);
    }

    /** How far each bucket of the target got beyond its checkpoint; empty when none did. */
    public BucketPlaces buckets(Connection connection, String projection, String target) throws SQLException {
        BucketPlaces places = new BucketPlaces();
        try (PreparedStatement query = connection.prepareStatement("select first_bucket, last_bucket,"
                + " last_transaction_id::text::bigint, last_position from " + buckets + " where projection = ? and target = ?")) {
            query.setString(1, projection);
            query.setString(2, target);
            try (ResultSet rs = query.executeQuery()) {
                while (rs.next()) {
                    places.record(rs.getInt(1), rs.getInt(2), rs.getLong(3), rs.getLong(4));
                }
            }
        }
        return places;
    }

    /** Records, in the caller's transaction with the range's rows, that buckets first..last are applied up to a place. */
    public void advanceBuckets(Connection connection, String projection, String target, int first, int last,
                               long transactionId, long position) throws SQLException {
        try (PreparedStatement upsert = connection.prepareStatement("insert into " + buckets + " (projection, target,"
                + " first_bucket, last_bucket, last_transaction_id, last_position) values (?, ?, ?, ?, ?::xid8, ?)"
                + " on conflict (projection, target, first_bucket, last_bucket) do update"
                + " set last_transaction_id = excluded.last_transaction_id, last_position = excluded.last_position")) {
            upsert.setString(1, projection);
            upsert.setString(2, target);
            upsert.setInt(3, first);
            upsert.setInt(4, last);
            upsert.setString(5, Long.toString(transactionId));
            upsert.setLong(6, position);
            upsert.executeUpdate();
        }
    }

    /** The projection's checkpoint moved past every bucket's place: they say nothing more. */
    public void clearBuckets(Connection connection, String projection, String target) throws SQLException {
        try (PreparedStatement delete = connection.prepareStatement("delete from " + buckets + " where projection = ? and target = ?")) {
            delete.setString(1, projection);
            delete.setString(2, target);
            delete.executeUpdate();
        }
    }
}

package dev.refold.internal.history;

import dev.refold.internal.db.Identifiers;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;

/**
 * {@code refold.projection_history}: one row per build, as {@code flyway_schema_history} has one per
 * migration. Every method takes the caller's connection, so a row commits with the change it records.
 */
public final class ProjectionHistory {
    private final String table;

    public ProjectionHistory(String schema) {
        this.table = Identifiers.quote(schema) + ".projection_history";
    }

    public List<HistoryEntry> all(Connection connection) throws SQLException {
        List<HistoryEntry> entries = new ArrayList<>();
        try (PreparedStatement query = connection.prepareStatement(
                "select installed_rank, projection, version, description, checksum, installed_by, installed_on,"
                        + " execution_time_ms, events_replayed, last_position, success, error from " + table
                        + " order by installed_rank");
             ResultSet rs = query.executeQuery()) {
            while (rs.next()) {
                entries.add(new HistoryEntry(rs.getInt(1), rs.getString(2), rs.getInt(3), rs.getString(4), rs.getString(5),
                        rs.getString(6), rs.getTimestamp(7).toInstant(), rs.getLong(8), rs.getLong(9), rs.getLong(10),
                        rs.getBoolean(11), rs.getString(12)));
            }
        }
        return entries;
    }

    public void record(Connection connection, String projection, int version, String description, String checksum,
                       long executionTimeMillis, long eventsReplayed, long lastPosition, boolean success, String error)
            throws SQLException {
        try (PreparedStatement insert = connection.prepareStatement("insert into " + table
                + " (projection, version, description, checksum, execution_time_ms, events_replayed, last_position, success, error)"
                + " values (?, ?, ?, ?, ?, ?, ?, ?, ?)")) {
            insert.setString(1, projection);
            insert.setInt(2, version);
            insert.setString(3, description);
            insert.setString(4, checksum);
            insert.setLong(5, executionTimeMillis);
            insert.setLong(6, eventsReplayed);
            insert.setLong(7, lastPosition);
            insert.setBoolean(8, success);
            insert.setString(9, error);
            insert.executeUpdate();
        }
    }

    /** Repair: the latest successful build of {@code projection} takes the declared checksum. */
    public int realign(Connection connection, String projection, int version, String checksum) throws SQLException {
        try (PreparedStatement update = connection.prepareStatement("update " + table + " set checksum = ?"
                + " where installed_rank = (select max(installed_rank) from " + table
                + " where projection = ? and version = ? and success)")) {
            update.setString(1, checksum);
            update.setString(2, projection);
            update.setInt(3, version);
            return update.executeUpdate();
        }
    }

    /** Repair: failed entries go, as Flyway's repair removes failed migrations. */
    public int removeFailures(Connection connection, String projection) throws SQLException {
        try (PreparedStatement delete = connection.prepareStatement(
                "delete from " + table + " where projection = ? and not success")) {
            delete.setString(1, projection);
            return delete.executeUpdate();
        }
    }
}

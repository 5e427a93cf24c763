package dev.refold.internal.coordination;

import dev.refold.internal.build.Schemas;
import dev.refold.internal.db.AdvisoryLocks;
import dev.refold.internal.db.Identifiers;
import dev.refold.internal.history.Checkpoint;
import dev.refold.internal.projection.ProjectionDefinition;
import dev.refold.result.BuildProgress;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * {@code refold.projection_builds}, and the builds in progress read from any process: each shadow checkpoint,
 * with its attempt's start from this table and its builder from the build lock.
 */
public final class BuildRegistry {
    private final String schema;
    private final String table;
    private final String checkpoints;

    public BuildRegistry(String schema) {
        this.schema = schema;
        this.table = Identifiers.quote(schema) + ".projection_builds";
        this.checkpoints = Identifiers.quote(schema) + ".projection_checkpoints";
    }

    /**
     * A resumed shadow keeps its events, so the attempt's rate counts from what it holds now; a shadow that
     * the build then starts afresh holds fewer, which {@link #progress} reads as a start from zero.
     */
    void starting(Connection connection, ProjectionDefinition definition, String shadow) throws SQLException {
        try (PreparedStatement upsert = connection.prepareStatement("insert into " + table
                + " (projection, target, version, events_at_start) values (?, ?, ?, coalesce((select events_applied from "
                + checkpoints + " where projection = ? and target = ? and version = ? and checksum = ?), 0))"
                + " on conflict (projection, target) do update set version = excluded.version, started_at = now(),"
                + " events_at_start = excluded.events_at_start, builder_pid = pg_backend_pid()")) {
            upsert.setString(1, definition.name());
            upsert.setString(2, shadow);
            upsert.setInt(3, definition.version());
            upsert.setString(4, definition.name());
            upsert.setString(5, shadow);
            upsert.setInt(6, definition.version());
            upsert.setString(7, definition.checksum());
            upsert.executeUpdate();
        }
    }

    void finished(Connection connection, String projection, String shadow) throws SQLException {
        try (PreparedStatement delete = connection.prepareStatement("delete from " + table + " where projection = ? and target = ?")) {
            delete.setString(1, projection);
            delete.setString(2, shadow);
            delete.executeUpdate();
        }
    }

    /** Every build in progress or abandoned, by projection, with the ETA to {@code head}. */
    public Map<String, BuildProgress> progress(Connection connection, long head) throws SQLException {
        Map<String, BuildProgress> builds = new LinkedHashMap<>();
        // Before the first migrate of this release the table may not exist yet, and info creates nothing.
        String attempts = exists(connection) ? table : "(select null::text as projection, null::text as target,"
                + " null::timestamptz as started_at, null::bigint as events_at_start where false)";
        try (PreparedStatement query = connection.prepareStatement("select c.projection, c.target, c.version, c.last_position,"
                + " c.events_applied, coalesce(b.started_at, c.started_at), coalesce(b.events_at_start, 0),"
                + " extract(epoch from now() - coalesce(b.started_at, c.started_at))"
                + " from " + checkpoints + " c left join " + attempts + " b on b.projection = c.projection and b.target = c.target"
                + " where c.target <> ? order by c.projection")) {
            query.setString(1, Checkpoint.LIVE);
            try (ResultSet rs = query.executeQuery()) {
                while (rs.next()) {
                    String projection = rs.getString(1);
                    String target = rs.getString(2);
                    if (!target.equals(Schemas.shadow(projection))) {
                        continue; // a scratch schema of verify, not a build that will be swapped in
                    }
                    long position = rs.getLong(4);
                    long events = rs.getLong(5);
                    Instant started = rs.getTimestamp(6).toInstant();
                    long atStart = rs.getLong(7) <= events ? rs.getLong(7) : 0;
                    double seconds = rs.getDouble(8);
                    List<LockHolders.Holder> holders = LockHolders.of(connection, AdvisoryLocks.build(schema, projection));
                    boolean active = !holders.isEmpty();
                    long rate = seconds > 0.5 ? Math.round((events - atStart) / seconds) : 0;
                    Duration eta = active && rate > 0 ? Duration.ofSeconds(Math.max(0, head - position) / rate) : null;
                    builds.put(projection, new BuildProgress(projection, rs.getInt(3), target, active,
                            active ? holders.get(0).describe() : null, started, position, events, active ? rate : 0, eta));
                }
            }
        }
        return builds;
    }

    private boolean exists(Connection connection) throws SQLException {
        try (PreparedStatement query = connection.prepareStatement("select to_regclass(?) is not null")) {
            query.setString(1, table);
            try (ResultSet rs = query.executeQuery()) {
                rs.next();
                return rs.getBoolean(1);
            }
        }
    }
}

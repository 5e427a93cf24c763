package dev.refold.internal.coordination;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/** The sessions that hold one of Refold's advisory locks ({@code hashtext(key)}), from pg_locks and pg_stat_activity. */
public final class LockHolders {
    /**
     * A bigint advisory key shows in pg_locks split in two unsigned halves (classid high, objid low, objsubid 1);
     * {@code hashtext} is an int4, sign-extended when it becomes the key.
     */
    private static final String HOLDERS = "select l.pid, a.application_name, coalesce(host(a.client_addr), a.client_hostname, 'local socket'),"
            + " a.backend_start, a.query_start from pg_locks l left join pg_stat_activity a on a.pid = l.pid"
            + " where l.locktype = 'advisory' and l.granted and l.objsubid = 1"
            + " and l.database = (select oid from pg_database where datname = current_database())"
            + " and l.classid::bigint = ((hashtext(?)::bigint >> 32) & 4294967295)"
            + " and l.objid::bigint = (hashtext(?)::bigint & 4294967295) order by l.pid";

    private LockHolders() {
    }

    /**
     * @param since when the holder ran its last statement: for a lock connection, which runs nothing after its
     *              lock, that is about when it took it; the connection's own start otherwise
     */
    public record Holder(int pid, String applicationName, String clientHost, Instant connectedAt, Instant since) {
        public String describe() {
            return "'" + (applicationName == null || applicationName.isEmpty() ? "?" : applicationName) + "' from "
                    + (clientHost == null ? "an unknown host" : clientHost) + ", server pid " + pid
                    + (since == null ? "" : ", holding it since " + since);
        }
    }

    public static List<Holder> of(Connection connection, String key) throws SQLException {
        List<Holder> holders = new ArrayList<>();
        try (PreparedStatement query = connection.prepareStatement(HOLDERS)) {
            query.setString(1, key);
            query.setString(2, key);
            try (ResultSet rs = query.executeQuery()) {
                while (rs.next()) {
                    holders.add(new Holder(rs.getInt(1), rs.getString(2), rs.getString(3), instant(rs.getTimestamp(4)),
                            instant(rs.getTimestamp(5))));
                }
            }
        }
        return holders;
    }

    /** One line for an error message: who holds {@code key}, or that it was released meanwhile. */
    public static String describe(Connection connection, String key) {
        try {
            List<Holder> holders = of(connection, key);
            if (holders.isEmpty()) {
                return "no session holds it any more";
            }
            return "held by " + String.join("; ", holders.stream().map(Holder::describe).toList());
        } catch (SQLException e) {
            return "its holder could not be read: " + e.getMessage();
        }
    }

    private static Instant instant(java.sql.Timestamp t) {
        return t == null ? null : t.toInstant();
    }
}

package dev.refold.catchup;

import dev.refold.Refold;
import dev.refold.event.ExpectedVersion;
import dev.refold.fixtures.PostLiked;
import dev.refold.fixtures.PostPublished;
import dev.refold.internal.build.SchemaDigest;
import dev.refold.test.TestDatabase;
import org.awaitility.Awaitility;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/** What the catch-up tests read and write around Refold: digests, checkpoints, the log, bulk appends. */
final class ReadModels {
    private ReadModels() {
    }

    static String digest(TestDatabase db, String schema) throws SQLException {
        try (Connection c = db.connect()) {
            return SchemaDigest.of(c, schema);
        }
    }

    /** The live read model's digest before and after a clean rebuild from the whole log. */
    static String[] digestAndCleanRebuild(TestDatabase db, Refold refold, String projection) throws SQLException {
        String live = digest(db, projection);
        refold.rebuild(projection);
        return new String[]{live, digest(db, projection)};
    }

    /** Every event of the log, as text, in position order: equal fingerprints mean an unchanged log. */
    static String logFingerprint(TestDatabase db) throws SQLException {
        return single(db, "select count(*) || ':' || coalesce(md5(string_agg(e::text, E'\\n' order by position)), '')"
                + " from refold.events e");
    }

    static String single(TestDatabase db, String sql) throws SQLException {
        try (Connection c = db.connect(); Statement s = c.createStatement(); ResultSet rs = s.executeQuery(sql)) {
            rs.next();
            return rs.getString(1);
        }
    }

    static long number(TestDatabase db, String sql) throws SQLException {
        return Long.parseLong(single(db, sql));
    }

    /** True when the live checkpoint of {@code projection} has passed every event in the log. */
    static boolean caughtUp(TestDatabase db, String projection) throws SQLException {
        try (Connection c = db.connect(); PreparedStatement q = c.prepareStatement("select not exists (select 1 from refold.events e,"
                + " refold.projection_checkpoints p where p.projection = ? and p.target = 'live'"
                + " and (e.transaction_id, e.position) > (p.last_transaction_id, p.last_position))"
                + " and exists (select 1 from refold.projection_checkpoints where projection = ? and target = 'live')")) {
            q.setString(1, projection);
            q.setString(2, projection);
            try (ResultSet rs = q.executeQuery()) {
                rs.next();
                return rs.getBoolean(1);
            }
        }
    }

    static void awaitCaughtUp(TestDatabase db, String... projections) {
        Awaitility.await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(20)).until(() -> {
            for (String p : projections) {
                if (!caughtUp(db, p)) {
                    return false;
                }
            }
            return true;
        });
    }

    /** Sum of likes over the Likes read model. */
    static long totalLikes(TestDatabase db) throws SQLException {
        return number(db, "select coalesce(sum(likes), 0) from " + CatchUpProjections.Likes.NAME + ".post_likes");
    }

    /** Publishes posts {@code p-0 .. p-(n-1)}, ten per append. */
    static void publish(Refold refold, int posts) {
        publish(refold, 0, posts);
    }

    /** Publishes posts {@code p-from .. p-(to-1)}, ten per append. */
    static void publish(Refold refold, int from, int to) {
        for (int first = from; first < to; first += 10) {
            List<Object> events = new ArrayList<>();
            for (int i = first; i < Math.min(to, first + 10); i++) {
                events.add(new PostPublished("p-" + i, "title " + i, "ann"));
            }
            refold.events().append("posts-" + first, ExpectedVersion.any(), events);
        }
    }

    /** Appends {@code likes} likes of random posts among the first {@code posts}, ten per append, each to a new stream. */
    static void like(Refold refold, String streamPrefix, int likes, int posts, Random random) {
        for (int first = 0; first < likes; first += 10) {
            List<Object> events = new ArrayList<>();
            for (int i = first; i < Math.min(likes, first + 10); i++) {
                events.add(new PostLiked("p-" + random.nextInt(posts), "u" + i));
            }
            refold.events().append(streamPrefix + "-" + first, ExpectedVersion.noStream(), events);
        }
    }

    /** The number of sessions holding the projection's catch-up lock (at most one, by design). */
    static long projectionLockHolders(TestDatabase db, String projection) throws SQLException {
        return number(db, "select count(*) from pg_locks where locktype = 'advisory' and granted and mode = 'ExclusiveLock'"
                + " and database = (select oid from pg_database where datname = current_database())"
                + " and objid::int = hashtext('refold.projection:refold:" + projection + "')");
    }
}

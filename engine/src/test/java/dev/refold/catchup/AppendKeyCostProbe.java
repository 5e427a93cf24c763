package dev.refold.catchup;

import dev.refold.Refold;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.Comparator;
import java.util.Map;
import java.util.stream.Stream;

/**
 * What append keys cost the database, isolated from the client and, with {@code --durable-commits=false}, from
 * fsync: {@code --transactions} transactions of {@code --rows} raw inserts each into {@code refold.events}, run by
 * one server-side loop that commits after each, once with the append-key trigger (this release) and once as
 * before it (trigger disabled, {@code transaction_id default pg_current_xact_id()}), alternating {@code --rounds}
 * times on one embedded PostgreSQL. Not a test: run it by hand (see BENCHMARKS.md).
 */
public final class AppendKeyCostProbe {
    private AppendKeyCostProbe() {
    }

    public static void main(String[] args) throws Exception {
        int transactions = option(args, "transactions", 2000);
        int rows = option(args, "rows", 100);
        int rounds = option(args, "rounds", 3);
        boolean durableCommits = !String.join(" ", args).contains("--durable-commits=false");
        Path directory = Files.createTempDirectory("refold-append-cost");
        try (Refold refold = Refold.configure().dataDirectory(directory.resolve("postgres")).durable(true)
                .discoverProjections(false).environment(Map.of()).load();
             Connection c = refold.dataSource().getConnection(); Statement s = c.createStatement()) {
            s.execute("set synchronous_commit = " + (durableCommits ? "on" : "off"));
            String keyDefault;
            try (ResultSet rs = s.executeQuery("select pg_get_expr(d.adbin, d.adrelid) from pg_attrdef d join pg_attribute a"
                    + " on a.attrelid = d.adrelid and a.attnum = d.adnum where d.adrelid = 'refold.events'::regclass"
                    + " and a.attname = 'transaction_id'")) {
                rs.next();
                keyDefault = rs.getString(1);
            }
            System.out.printf("%d transactions x %d rows, synchronous_commit %s, %d rounds, embedded PostgreSQL, fsync on%n",
                    transactions, rows, durableCommits ? "on" : "off", rounds);
            for (int round = 1; round <= rounds; round++) {
                for (boolean keys : new boolean[]{false, true}) {
                    if (keys) {
                        s.execute("alter table refold.events enable trigger events_assign_append_key");
                        s.execute("alter table refold.events alter column transaction_id set default " + keyDefault);
                    } else {
                        s.execute("alter table refold.events disable trigger events_assign_append_key");
                        s.execute("alter table refold.events alter column transaction_id set default pg_current_xact_id()");
                    }
                    double seconds = run(s, "r" + round + (keys ? "k" : "x"), transactions, rows);
                    System.out.printf("round %d, %-28s %,10.0f events/s, %7.1f us per transaction%n", round,
                            keys ? "append keys (trigger):" : "before (xid default):", transactions * (double) rows / seconds,
                            seconds * 1e6 / transactions);
                }
            }
        } finally {
            try (Stream<Path> files = Files.walk(directory)) {
                files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            }
        }
    }

    private static double run(Statement s, String prefix, int transactions, int rows) throws Exception {
        s.execute("create or replace procedure pg_temp.probe(prefix text, transactions int, n int) language plpgsql as $$"
                + " begin for t in 1..transactions loop"
                + " insert into refold.events (stream_id, stream_version, event_id, event_type, type_version, payload)"
                + " select prefix || '-' || t, v, gen_random_uuid(), 'PostLiked', 1, '{\"postId\": \"p-1\", \"user\": \"u\"}'"
                + " from generate_series(1, n) v; commit; end loop; end $$");
        long started = System.nanoTime();
        s.execute("call pg_temp.probe('" + prefix + "', " + transactions + ", " + rows + ")");
        double seconds = (System.nanoTime() - started) / 1e9;
        try (ResultSet rs = s.executeQuery("select count(distinct transaction_id) from refold.events where stream_id like '"
                + prefix + "-%'")) {
            rs.next();
            if (rs.getLong(1) != transactions) {
                throw new IllegalStateException("expected one transaction id per transaction, found " + rs.getLong(1));
            }
        }
        return seconds;
    }

    private static int option(String[] args, String name, int fallback) {
        for (String a : args) {
            if (a.startsWith("--" + name + "=")) {
                return Integer.parseInt(a.substring(name.length() + 3));
            }
        }
        return fallback;
    }
}

package dev.refold.config;

import dev.refold.Refold;
import dev.refold.test.RefoldTest;
import dev.refold.test.TestDatabase;
import org.junit.jupiter.api.Test;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Statement;

import static org.assertj.core.api.Assertions.assertThat;

/** Refold's connections run an application's statements exactly as PostgreSQL's driver does by default. */
@RefoldTest
class UsersStatementsTest {

    @Test
    void aJdbcBatchOfUpsertsThroughRefoldsDataSourceGetsPostgresqlsOwnCounts(TestDatabase db) throws Exception {
        // Refold's own pool, made from the URL, as refold.dataSource() hands it out
        try (Refold refold = db.configure().load();
             Connection connection = refold.dataSource().getConnection()) {
            try (Statement s = connection.createStatement()) {
                s.execute("create table counters (k text primary key, n int not null)");
            }
            int[] counts;
            try (PreparedStatement upsert = connection.prepareStatement(
                    "insert into counters (k, n) values (?, 1) on conflict (k) do update set n = counters.n + 1")) {
                for (String key : new String[]{"a", "b", "a", "a"}) {
                    upsert.setString(1, key);
                    upsert.addBatch();
                }
                // rewritten into one multi-row insert, this batch would fail with "ON CONFLICT DO UPDATE command
                // cannot affect row a second time", and report SUCCESS_NO_INFO (-2) for each row
                counts = upsert.executeBatch();
            }
            assertThat(counts).containsExactly(1, 1, 1, 1);
            try (Statement s = connection.createStatement();
                 ResultSet rs = s.executeQuery("select k || '=' || n from counters order by k")) {
                rs.next();
                assertThat(rs.getString(1)).isEqualTo("a=3");
                rs.next();
                assertThat(rs.getString(1)).isEqualTo("b=1");
            }
        }
    }
}

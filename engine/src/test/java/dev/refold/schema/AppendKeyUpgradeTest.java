package dev.refold.schema;

import dev.refold.Refold;
import dev.refold.catchup.CatchUpProjections;
import dev.refold.internal.schema.RefoldSchema;
import dev.refold.test.RefoldTest;
import dev.refold.test.TestDatabase;
import liquibase.Scope;
import liquibase.changelog.ChangeLogParameters;
import liquibase.command.CommandScope;
import liquibase.command.core.UpdateCountCommandStep;
import liquibase.command.core.helpers.DatabaseChangelogCommandStep;
import liquibase.command.core.helpers.DbUrlConnectionArgumentsCommandStep;
import liquibase.database.DatabaseFactory;
import liquibase.database.jvm.JdbcConnection;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;

import java.io.OutputStream;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A log written before append keys (its transaction ids are xids) keeps its order and loses nothing when the
 * changeset that adds them is applied, including appends in flight at that moment.
 */
@RefoldTest
class AppendKeyUpgradeTest {
    private static final String LIKES = CatchUpProjections.Likes.NAME;

    @Test
    void anOldLogAndAnAppendInFlightDuringTheUpgradeKeepTheirOrderAndEveryEvent(TestDatabase db) throws Exception {
        try (Connection c = db.connect(); Statement s = c.createStatement()) {
            s.execute("create schema refold");
            liquibase.database.Database database = DatabaseFactory.getInstance().findCorrectDatabaseImplementation(new JdbcConnection(c));
            database.setDefaultSchemaName("refold");
            database.setLiquibaseSchemaName("refold");
            Scope.child(Map.of("liquibase.analytics.enabled", false), () -> new CommandScope(UpdateCountCommandStep.COMMAND_NAME)
                    .addArgumentValue(DbUrlConnectionArgumentsCommandStep.DATABASE_ARG, database)
                    .addArgumentValue(UpdateCountCommandStep.CHANGELOG_FILE_ARG, RefoldSchema.CHANGELOG)
                    .addArgumentValue(UpdateCountCommandStep.COUNT_ARG, 4)
                    .addArgumentValue(DatabaseChangelogCommandStep.CHANGELOG_PARAMETERS, new ChangeLogParameters(database))
                    .setOutput(OutputStream.nullOutputStream())
                    .execute());
        }
        try (Connection c = db.connect(); Statement s = c.createStatement()) {
            c.setAutoCommit(true);
            assertThat(count(s, "select count(*) from pg_trigger where tgname = 'events_assign_append_key'")).isZero();
            for (int i = 0; i < 3; i++) {
                s.execute(insert("post-" + i, "PostPublished", "{\"postId\": \"p-" + i + "\", \"title\": \"t\", \"author\": \"a\"}"));
                s.execute(insert("old-like-" + i, "PostLiked", "{\"postId\": \"p-" + i + "\", \"user\": \"u\"}"));
            }
        }
        long oldMax = count(db, "select max(transaction_id::text::bigint) from refold.events");

        try (Connection inFlight = db.connect()) {
            // An old-release append in flight when the new release starts: the changeset waits for it.
            inFlight.setAutoCommit(false);
            try (Statement s = inFlight.createStatement()) {
                s.execute(insert("in-flight", "PostLiked", "{\"postId\": \"p-1\", \"user\": \"f\"}"));
            }
            CompletableFuture<Refold> upgrade = CompletableFuture.supplyAsync(() -> {
                Refold refold = db.configure().projections(new CatchUpProjections.Likes()).load();
                refold.events(); // the first write applies the changeset
                return refold;
            });
            Thread.sleep(1000);
            assertThat(upgrade).as("the changeset waits for the append in flight").isNotDone();
            inFlight.commit();
            try (Refold refold = upgrade.get()) {
                long inFlightKey = count(db, "select transaction_id::text::bigint from refold.events where stream_id = 'in-flight'");
                assertThat(inFlightKey).as("written as before, with its xid").isGreaterThan(0);
                try (Connection c = db.connect(); Statement s = c.createStatement()) {
                    s.execute(insert("new-like", "PostLiked", "{\"postId\": \"p-2\", \"user\": \"n\"}"));
                }
                long newKey = count(db, "select transaction_id::text::bigint from refold.events where stream_id = 'new-like'");
                assertThat(newKey).as("new keys sort after every old one").isGreaterThan(Math.max(oldMax, inFlightKey));

                refold.migrate();
                refold.start();
                refold.events().append("api-like", dev.refold.event.ExpectedVersion.noStream(),
                        new dev.refold.fixtures.PostLiked("p-0", "api"));
                Awaitility.await().atMost(Duration.ofSeconds(20)).until(() ->
                        count(db, "select coalesce(sum(likes), 0) from " + LIKES + ".post_likes") == 3 + 1 + 1 + 1);
            }
        }
    }

    private static String insert(String stream, String type, String payload) {
        int version = type.equals("PostPublished") ? 2 : 1;
        return "insert into refold.events (stream_id, stream_version, event_id, event_type, type_version, payload)"
                + " values ('" + stream + "', 1, gen_random_uuid(), '" + type + "', " + version + ", '" + payload + "')";
    }

    private static long count(Statement s, String sql) throws Exception {
        try (ResultSet rs = s.executeQuery(sql)) {
            rs.next();
            return rs.getLong(1);
        }
    }

    private static long count(TestDatabase db, String sql) throws Exception {
        try (Connection c = db.connect(); Statement s = c.createStatement()) {
            return count(s, sql);
        }
    }
}

package dev.refold.projection;

import dev.refold.ProjectionBuildException;
import dev.refold.Refold;
import dev.refold.catchup.CatchUpProjections.Titles;
import dev.refold.event.ExpectedVersion;
import dev.refold.fixtures.OrderEvents;
import dev.refold.fixtures.OrderTotalsTable;
import dev.refold.fixtures.PostLiked;
import dev.refold.fixtures.PostPublished;
import dev.refold.internal.build.SchemaDigest;
import dev.refold.result.ProjectionInfo;
import dev.refold.result.ProjectionState;
import dev.refold.test.RefoldTest;
import dev.refold.test.TestDatabase;
import org.awaitility.Awaitility;
import org.jooq.Field;
import org.jooq.Record;
import org.jooq.Table;
import org.jooq.impl.DSL;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * A projection can change only its own read model: its DDL and its handlers are refused anything outside its
 * schema, by PostgreSQL, and a refused build leaves everything else as it was.
 */
@RefoldTest
class IsolationTest {
    private static final String TITLES = Titles.NAME;

    /** What must not change when another projection misbehaves: the log, Titles' read model and checkpoints, the log's triggers. */
    private record Outside(String log, String titles, String checkpoints, String triggers, long escaped) {
        static Outside of(TestDatabase db) throws SQLException {
            try (Connection c = db.connect()) {
                return new Outside(
                        single(c, "select count(*) || ':' || coalesce(md5(string_agg(e::text, E'\\n' order by position)), '') from refold.events e"),
                        SchemaDigest.of(c, TITLES),
                        single(c, "select string_agg(p::text, E'\\n' order by target) from refold.projection_checkpoints p where projection = '" + TITLES + "'"),
                        single(c, "select string_agg(tgname || ':' || tgenabled::text, ',' order by tgname) from pg_trigger where tgrelid = 'refold.events'::regclass"),
                        Long.parseLong(single(c, "select count(*) from pg_class where relname in ('escaped', 'escaped_too')")));
            }
        }

        /** Live, Titles' checkpoint moves on over events it does not handle: compared by where it is instead. */
        Outside withoutCheckpoints() {
            return new Outside(log, titles, null, triggers, escaped);
        }
    }

    private static void titlesBuilt(TestDatabase db) {
        try (Refold refold = db.configure().projections(new Titles()).load()) {
            publish(refold, 0, 5);
            refold.migrate();
        }
    }

    // ---- DDL ----

    /** A projection whose DDL file is {@code db/refold/<name>/V1__*.sql}; its handler writes its own table. */
    private record Escapee(String name) implements Projection {
        public int version() {
            return 1;
        }

        public void define(ProjectionSpec spec) {
            spec.on(PostPublished.class, (e, ctx) -> ctx.dsl().execute("insert into item (id) values (?)", e.postId()));
        }
    }

    private static void assertDdlRefused(TestDatabase db, String name, String file, String... inMessage) throws SQLException {
        titlesBuilt(db);
        Outside before = Outside.of(db);
        try (Refold refold = db.configure().projections(new Titles(), new Escapee(name)).load()) {
            assertThatThrownBy(refold::migrate)
                    .isInstanceOfSatisfying(ProjectionBuildException.class, e -> assertThat(e.projection()).isEqualTo(name))
                    .hasMessageContaining("db/refold/" + name + "/" + file)
                    .hasMessageContainingAll(inMessage);
            assertThat(refold.info().projection(name).orElseThrow().state()).isEqualTo(ProjectionState.FAILED);
            assertThat(refold.info().projection(TITLES).orElseThrow().state()).isEqualTo(ProjectionState.CURRENT);
        }
        assertThat(Outside.of(db)).as("the log, the other read model, the log's triggers and public are as they were").isEqualTo(before);
        try (Connection c = db.connect()) {
            assertThat(single(c, "select count(*) from pg_namespace where nspname = '" + name + "' or nspname like 'refold_build_%'"))
                    .as("nothing of the failed build is left").isEqualTo("0");
            assertThat(single(c, "select count(*) from " + TITLES + ".title")).isEqualTo("5");
        }
        try (Refold refold = db.configure().projections(new Titles()).load()) {
            refold.events().append("after", ExpectedVersion.noStream(), List.of(new PostPublished("p-after", "t", "ann")));
            assertThat(refold.info().projection(TITLES).orElseThrow().state()).isEqualTo(ProjectionState.CURRENT);
        }
    }

    @Test
    void ddlThatDropsTheLogIsRefused(TestDatabase db) throws Exception {
        assertDdlRefused(db, "escape_log", "V1__Drop_the_log.sql", "line 3: drop table refold.events", "permission denied for schema refold");
    }

    @Test
    void ddlThatDropsAnotherProjectionsSchemaIsRefused(TestDatabase db) throws Exception {
        assertDdlRefused(db, "escape_schema", "V1__Drop_another_read_model.sql", "line 3: drop schema catchup_titles cascade",
                "must be owner of schema catchup_titles");
    }

    @Test
    void ddlThatDisablesTheLogsTriggersIsRefused(TestDatabase db) throws Exception {
        assertDdlRefused(db, "escape_trigger", "V1__Disable_the_log_triggers.sql", "line 3: alter table refold.events disable trigger all",
                "permission denied for schema refold");
    }

    @Test
    void ddlThatCreatesATableInPublicIsRefused(TestDatabase db) throws Exception {
        assertDdlRefused(db, "escape_public", "V1__Table_in_public.sql", "line 3: create table public.escaped (id int)",
                "permission denied for schema public");
    }

    @Test
    void ddlThatResetsItsRoleIsStoppedAtThatStatement(TestDatabase db) throws Exception {
        assertDdlRefused(db, "escape_reset", "V1__Reset_role.sql", "line 3: reset role", "changed the role");
    }

    @Test
    void ddlThatTakesItsRightsBackInsideOneStatementIsCaughtByTheCatalogCheck(TestDatabase db) throws Exception {
        assertDdlRefused(db, "escape_do", "V1__Role_back_inside_a_block.sql", "reached outside its own schema", "escaped");
    }

    @Test
    void ddlThatLetsEveryoneWriteItsTablesIsRefused(TestDatabase db) throws Exception {
        assertDdlRefused(db, "escape_grant", "V1__Grant_writes_to_everyone.sql", "grants writes on table item to PUBLIC");
    }

    @Test
    void theReadModelIsOwnedByTheProjectionsRoleWhichHasNoRightsOnRefoldsSchema(TestDatabase db) throws Exception {
        titlesBuilt(db);
        try (Connection c = db.connect()) {
            String owner = single(c, "select nspowner::regrole::text from pg_namespace where nspname = '" + TITLES + "'");
            assertThat(owner).startsWith("refold_p_");
            assertThat(single(c, "select count(*) from pg_class where relnamespace = '" + TITLES + "'::regnamespace"
                    + " and relowner <> '" + owner + "'::regrole")).isEqualTo("0");
            assertThat(single(c, "select has_schema_privilege('" + owner + "', 'refold', 'USAGE')")).isEqualTo("f");
            assertThat(single(c, "select rolcanlogin from pg_roles where rolname = '" + owner + "'")).isEqualTo("f");
        }
    }

    @Test
    void droppingAnOrphanDropsItsRoleToo(TestDatabase db) throws Exception {
        String role = dev.refold.internal.isolation.ProjectionRole.name("orphaned");
        try (Refold refold = db.configure().projections(new Titles(), new Escapee("orphaned")).load()) {
            publish(refold, 0, 3);
            refold.migrate();
        }
        try (Connection c = db.connect()) {
            assertThat(single(c, "select count(*) from pg_roles where rolname = '" + role + "'")).isEqualTo("1");
        }
        try (Refold refold = db.configure().projections(new Titles()).dropOrphans(true).load()) {
            refold.migrate();
        }
        try (Connection c = db.connect()) {
            assertThat(single(c, "select count(*) from pg_namespace where nspname = 'orphaned'")).isEqualTo("0");
            assertThat(single(c, "select count(*) from pg_roles where rolname = '" + role + "'")).as("no role left behind").isEqualTo("0");
        }
    }

    // ---- handlers ----

    enum Escape {
        /** Through the other projection's jOOQ table, as its generated classes would. */
        OTHER_PROJECTIONS_TABLE("catchup_titles.title"),
        CHECKPOINT_IN_PLAIN_SQL("refold.projection_checkpoints"),
        LOG_IN_PLAIN_SQL("refold.events");

        final String table;

        Escape(String table) {
            this.table = table;
        }
    }

    /** Counts the posts it saw; on a like it tries {@link #escape}. */
    static final class Intruder implements Projection {
        static final Table<Record> SEEN = DSL.table(DSL.name("intruder", "seen"));
        static final Field<String> POST_ID = DSL.field(DSL.name("post_id"), String.class);
        private final Escape escape;

        Intruder(Escape escape) {
            this.escape = escape;
        }

        public String name() {
            return "intruder";
        }

        public int version() {
            return 1;
        }

        public void define(ProjectionSpec spec) {
            spec.on(PostPublished.class, (e, ctx) -> ctx.dsl().insertInto(SEEN).columns(POST_ID).values(e.postId()).execute());
            spec.on(PostLiked.class, (e, ctx) -> {
                switch (escape) {
                    case OTHER_PROJECTIONS_TABLE -> ctx.dsl().insertInto(Titles.TITLE).columns(Titles.POST_ID, Titles.TITLE_TEXT)
                            .values("forged", "forged").execute();
                    case CHECKPOINT_IN_PLAIN_SQL -> ctx.dsl().execute(
                            "update refold.projection_checkpoints set last_position = 0 where projection = 'catchup_titles'");
                    case LOG_IN_PLAIN_SQL -> ctx.dsl().execute("insert into refold.events"
                            + " (stream_id, stream_version, event_id, event_type, type_version, payload)"
                            + " values ('forged', 1, gen_random_uuid(), 'PostPublished', 1, '{}')");
                }
            });
        }
    }

    @ParameterizedTest
    @EnumSource(Escape.class)
    void aHandlerWritingOutsideItsSchemaFailsTheRebuildWithEventAndTableNamed(Escape escape, TestDatabase db) throws Exception {
        titlesBuilt(db);
        long position;
        try (Refold refold = db.configure().projections(new Titles()).load()) {
            position = refold.events().append("likes", ExpectedVersion.noStream(), List.of(new PostLiked("p-1", "u"))).lastPosition();
        }
        Outside before = Outside.of(db);
        try (Refold refold = db.configure().projections(new Titles(), new Intruder(escape)).load()) {
            assertThatThrownBy(refold::migrate)
                    .isInstanceOfSatisfying(ProjectionBuildException.class, e -> {
                        assertThat(e.projection()).isEqualTo("intruder");
                        assertThat(e.position()).hasValue(position);
                    })
                    .hasMessageContainingAll("'intruder'", "position " + position, "PostLiked", "table " + escape.table,
                            "permission denied");
            assertThat(refold.info().projection("intruder").orElseThrow().state()).isEqualTo(ProjectionState.FAILED);
        }
        assertThat(Outside.of(db).withoutCheckpoints()).as("nothing outside the projection's schema changed")
                .isEqualTo(before.withoutCheckpoints());
        assertTitlesCheckpointAtLeast(db, position);
    }

    @ParameterizedTest
    @EnumSource(Escape.class)
    void aHandlerWritingOutsideItsSchemaFailsLiveCatchUpWithEventAndTableNamed(Escape escape, TestDatabase db) throws Exception {
        try (Refold refold = db.configure().projections(new Titles(), new Intruder(escape)).liveAttempts(1).load()) {
            publish(refold, 0, 5);
            refold.migrate();
            refold.start();
            awaitCaughtUp(db, "intruder");
            long position = refold.events().append("likes", ExpectedVersion.noStream(), List.of(new PostLiked("p-1", "u"))).lastPosition();
            Outside before = Outside.of(db).withoutCheckpoints();
            Awaitility.await().atMost(Duration.ofSeconds(20))
                    .until(() -> refold.info().projection("intruder").orElseThrow().state() == ProjectionState.FAILED);
            ProjectionInfo failed = refold.info().projection("intruder").orElseThrow();
            assertThat(failed.failure()).contains("'intruder'", "position " + position, "PostLiked", "table " + escape.table,
                    "permission denied");
            assertThat(Outside.of(db).withoutCheckpoints()).as("nothing outside the projection's schema changed").isEqualTo(before);
            awaitCaughtUp(db, TITLES);
            assertTitlesCheckpointAtLeast(db, position);

            publish(refold, 5, 7); // the isolated handlers still write their own schema, live
            Awaitility.await().atMost(Duration.ofSeconds(20)).until(() -> count(db, "select count(*) from catchup_titles.title") == 7);
            assertThat(refold.info().projection(TITLES).orElseThrow().state()).isEqualTo(ProjectionState.CURRENT);
        }
    }

    /** Fold-style: its step writes the log in plain SQL when an order ships. */
    static final class FoldIntruder implements Projection {
        public String name() {
            return "order_totals";
        }

        public int version() {
            return 1;
        }

        public void define(ProjectionSpec spec) {
            spec.fold(OrderTotalsTable.SUMMARY)
                    .on(OrderEvents.OrderPlaced.class, OrderEvents.OrderPlaced::orderId,
                            (row, e, ctx) -> row.set(OrderTotalsTable.SUMMARY.CUSTOMER, e.customer()))
                    .on(OrderEvents.OrderShipped.class, OrderEvents.OrderShipped::orderId, (row, e, ctx) -> ctx.dsl().execute(
                            "insert into refold.events (stream_id, stream_version, event_id, event_type, type_version, payload)"
                                    + " values ('forged', 1, gen_random_uuid(), 'PostPublished', 1, '{}')"));
        }
    }

    @Test
    void aFoldStepWritingOutsideItsSchemaFailsTheRebuild(TestDatabase db) throws Exception {
        titlesBuilt(db);
        long shipped;
        try (Refold refold = db.configure().projections(new Titles()).load()) {
            refold.events().append("order-1", ExpectedVersion.noStream(), List.of(new OrderEvents.OrderPlaced("o-1", "c")));
            shipped = refold.events().append("order-1", ExpectedVersion.any(), List.of(new OrderEvents.OrderShipped("o-1"))).lastPosition();
        }
        Outside before = Outside.of(db);
        try (Refold refold = db.configure().projections(new Titles(), new FoldIntruder()).load()) {
            assertThatThrownBy(refold::migrate).isInstanceOf(ProjectionBuildException.class)
                    .hasMessageContainingAll("'order_totals'", "position " + shipped, "OrderShipped", "table refold.events");
        }
        assertThat(Outside.of(db).withoutCheckpoints()).isEqualTo(before.withoutCheckpoints());
        assertTitlesCheckpointAtLeast(db, shipped);
    }

    @Test
    void aFoldStepWritingOutsideItsSchemaFailsLiveCatchUp(TestDatabase db) throws Exception {
        try (Refold refold = db.configure().projections(new Titles(), new FoldIntruder()).liveAttempts(1).load()) {
            publish(refold, 0, 3);
            refold.events().append("order-1", ExpectedVersion.noStream(), List.of(new OrderEvents.OrderPlaced("o-1", "c")));
            refold.migrate();
            refold.start();
            long shipped = refold.events().append("order-1", ExpectedVersion.any(), List.of(new OrderEvents.OrderShipped("o-1"))).lastPosition();
            Outside before = Outside.of(db).withoutCheckpoints();
            Awaitility.await().atMost(Duration.ofSeconds(20))
                    .until(() -> refold.info().projection("order_totals").orElseThrow().state() == ProjectionState.FAILED);
            assertThat(refold.info().projection("order_totals").orElseThrow().failure())
                    .contains("'order_totals'", "position " + shipped, "OrderShipped", "table refold.events");
            assertThat(Outside.of(db).withoutCheckpoints()).isEqualTo(before);
        }
    }

    @Test
    void aHandlerThatResetsItsRoleIsCaughtBeforeItsBatchCommits(TestDatabase db) throws Exception {
        titlesBuilt(db);
        Projection resetting = new Projection() {
            public String name() {
                return "intruder";
            }

            public int version() {
                return 1;
            }

            public void define(ProjectionSpec spec) {
                spec.on(PostPublished.class, (e, ctx) -> ctx.dsl().insertInto(Intruder.SEEN).columns(Intruder.POST_ID).values(e.postId()).execute());
                spec.on(PostLiked.class, (e, ctx) -> ctx.dsl().execute("reset role"));
            }
        };
        long position;
        try (Refold refold = db.configure().projections(new Titles()).load()) {
            position = refold.events().append("likes", ExpectedVersion.noStream(), List.of(new PostLiked("p-1", "u"))).lastPosition();
        }
        Outside before = Outside.of(db);
        try (Refold refold = db.configure().projections(new Titles(), resetting).load()) {
            assertThatThrownBy(refold::migrate).isInstanceOf(ProjectionBuildException.class)
                    .hasMessageContainingAll("'intruder'", "changed its role");
        }
        assertThat(Outside.of(db).withoutCheckpoints()).isEqualTo(before.withoutCheckpoints());
        assertTitlesCheckpointAtLeast(db, position);
    }

    // ---- helpers ----

    /** Titles moves its checkpoint over the like it does not handle; the intruder must not have moved it back. */
    private static void assertTitlesCheckpointAtLeast(TestDatabase db, long position) throws SQLException {
        assertThat(count(db, "select last_position from refold.projection_checkpoints where projection = '" + TITLES
                + "' and target = 'live'")).as("Titles' checkpoint was not moved back").isGreaterThanOrEqualTo(position);
    }

    private static void publish(Refold refold, int from, int to) {
        for (int i = from; i < to; i++) {
            refold.events().append("post-" + i, ExpectedVersion.noStream(), List.of(new PostPublished("p-" + i, "title " + i, "ann")));
        }
    }

    private static void awaitCaughtUp(TestDatabase db, String projection) {
        Awaitility.await().atMost(Duration.ofSeconds(20)).until(() -> count(db, "select count(*) from refold.events e,"
                + " refold.projection_checkpoints p where p.projection = '" + projection + "' and p.target = 'live'"
                + " and (e.transaction_id, e.position) > (p.last_transaction_id, p.last_position)") == 0);
    }

    private static long count(TestDatabase db, String sql) throws SQLException {
        try (Connection c = db.connect()) {
            return Long.parseLong(single(c, sql));
        }
    }

    private static String single(Connection c, String sql) throws SQLException {
        try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery(sql)) {
            rs.next();
            return rs.getString(1);
        }
    }
}

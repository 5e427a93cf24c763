package dev.refold.projection;

import dev.refold.ProjectionBuildException;
import dev.refold.Refold;
import dev.refold.event.ExpectedVersion;
import dev.refold.fixtures.PostLiked;
import dev.refold.fixtures.PostPublished;
import dev.refold.internal.isolation.ProjectionRole;
import dev.refold.test.RefoldTest;
import dev.refold.test.TestDatabase;
import org.jooq.impl.DSL;
import org.junit.jupiter.api.Test;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Refold connected as a user that is not a superuser: with CREATEROLE it still isolates every projection
 * (on PostgreSQL 16 and later it must grant itself each role it creates, WITH SET); without it, DDL is
 * still confined by the catalog check, and handlers are not isolated.
 */
@RefoldTest
class LessPrivilegedUserTest {
    private static final String PASSWORD = "refold-test";

    /** Titles of posts, written by this user's projection. */
    private record Titles(String name) implements Projection {
        public int version() {
            return 1;
        }

        public void define(ProjectionSpec spec) {
            spec.on(PostPublished.class, (e, ctx) -> ctx.dsl().insertInto(DSL.table(DSL.name(name, "title")))
                    .columns(DSL.field("post_id"), DSL.field("title")).values(e.postId(), e.title()).execute());
        }
    }

    /** Tries to append to the log on a like. */
    private record Intruder(String name) implements Projection {
        public int version() {
            return 1;
        }

        public void define(ProjectionSpec spec) {
            spec.on(PostPublished.class, (e, ctx) -> ctx.dsl().execute("insert into seen (post_id) values (?)", e.postId()));
            spec.on(PostLiked.class, (e, ctx) -> ctx.dsl().execute("insert into refold.events"
                    + " (stream_id, stream_version, event_id, event_type, type_version, payload)"
                    + " values ('forged', 1, gen_random_uuid(), 'PostPublished', 1, '{}')"));
        }
    }

    @Test
    void aCreateRoleUserIsolatesEveryProjection(TestDatabase db) throws Exception {
        String user = createOwner(db, "createrole");
        try {
            try (Refold refold = as(db, user).projections(new Titles("creator_titles"), new Intruder("creator_intruder")).load()) {
                refold.events().append("p", ExpectedVersion.noStream(), List.of(new PostPublished("p-1", "t", "ann")));
                long like = refold.events().append("l", ExpectedVersion.noStream(), List.of(new PostLiked("p-1", "u"))).lastPosition();
                assertThatThrownBy(refold::migrate).isInstanceOf(ProjectionBuildException.class)
                        .hasMessageContainingAll("'creator_intruder'", "position " + like, "table refold.events", "permission denied");
            }
            try (Connection c = db.connect()) {
                assertThat(single(c, "select count(*) from refold.events")).as("the log is as it was").isEqualTo("2");
                assertThat(single(c, "select nspowner::regrole::text from pg_namespace where nspname = 'creator_titles'"))
                        .isEqualTo(ProjectionRole.name("creator_titles"));
                assertThat(single(c, "select count(*) from creator_titles.title")).isEqualTo("1");
            }
        } finally {
            cleanUp(db, user, "creator_titles", "creator_intruder");
        }
    }

    @Test
    void withoutCreateRoleTheDdlIsStillConfinedByTheCatalogCheck(TestDatabase db) throws Exception {
        String user = createOwner(db, "nocreaterole");
        try {
            try (Refold refold = as(db, user).projections(new Titles("creator_titles")).load()) {
                refold.events().append("p", ExpectedVersion.noStream(), List.of(new PostPublished("p-1", "t", "ann")));
                refold.migrate();
            }
            try (Refold refold = as(db, user).projections(new Titles("creator_titles"), new IsolationTestEscapee("escape_public")).load()) {
                // The database's owner may create in public (PostgreSQL 15+ gives public to pg_database_owner): the role would not.
                assertThatThrownBy(refold::migrate).isInstanceOf(ProjectionBuildException.class)
                        .hasMessageContainingAll("db/refold/escape_public/V1__Table_in_public.sql", "outside its own schema", "escaped");
            }
            try (Connection c = db.connect()) {
                assertThat(single(c, "select count(*) from pg_class where relname = 'escaped'")).isEqualTo("0");
                assertThat(single(c, "select nspowner::regrole::text from pg_namespace where nspname = 'creator_titles'"))
                        .as("no role could be made: the user owns the read model").isEqualTo(user);
                assertThat(single(c, "select count(*) from creator_titles.title")).isEqualTo("1");
            }
        } finally {
            cleanUp(db, user, "creator_titles", "escape_public");
        }
    }

    /** Same as {@link IsolationTest}'s: a projection whose handler writes only its own table. */
    private record IsolationTestEscapee(String name) implements Projection {
        public int version() {
            return 1;
        }

        public void define(ProjectionSpec spec) {
            spec.on(PostPublished.class, (e, ctx) -> ctx.dsl().execute("insert into item (id) values (?)", e.postId()));
        }
    }

    private static dev.refold.RefoldConfiguration as(TestDatabase db, String user) {
        return Refold.configure().dataSource(db.url(), user, PASSWORD).discoverProjections(false).environment(Map.of());
    }

    /** A login user that owns the test database, with CREATEROLE or without. */
    private static String createOwner(TestDatabase db, String kind) throws SQLException {
        try (Connection c = db.connect(); Statement s = c.createStatement()) {
            String database = single(c, "select current_database()");
            String user = ("u_" + kind + "_" + database).toLowerCase();
            user = user.length() > 60 ? user.substring(0, 60) : user;
            s.execute("create role " + user + " login password '" + PASSWORD + "'" + (kind.equals("createrole") ? " createrole" : ""));
            s.execute("alter database " + database + " owner to " + user);
            return user;
        }
    }

    /** Roles are the cluster's, not the test database's: they must not outlive the test. */
    private static void cleanUp(TestDatabase db, String user, String... projections) throws SQLException {
        try (Connection c = db.connect(); Statement s = c.createStatement()) {
            String superuser = single(c, "select current_user");
            for (String projection : projections) {
                s.execute("drop schema if exists " + projection + " cascade");
            }
            s.execute("alter database " + single(c, "select current_database()") + " owner to " + superuser);
            s.execute("reassign owned by " + user + " to " + superuser);
            s.execute("drop owned by " + user);
            for (String projection : projections) {
                String role = ProjectionRole.name(projection);
                if (single(c, "select count(*) from pg_roles where rolname = '" + role + "'").equals("1")
                        && single(c, "select count(*) from pg_roles r join pg_auth_members m on m.roleid = r.oid"
                        + " join pg_roles u on u.oid = m.member where r.rolname = '" + role + "' and u.rolname = '" + user + "'").equals("1")) {
                    s.execute("drop owned by " + role);
                    s.execute("drop role " + role);
                }
            }
            s.execute("drop role " + user);
        }
    }

    private static String single(Connection c, String sql) throws SQLException {
        try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery(sql)) {
            rs.next();
            return rs.getString(1);
        }
    }
}

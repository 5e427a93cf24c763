package dev.refold.projection;

import dev.refold.ProjectionBuildException;
import dev.refold.Refold;
import dev.refold.ValidationException;
import dev.refold.event.EventLog;
import dev.refold.event.ExpectedVersion;
import dev.refold.fixtures.PostDeleted;
import dev.refold.fixtures.PostLiked;
import dev.refold.fixtures.PostPublished;
import dev.refold.fixtures.PostsProjections;
import dev.refold.result.BuildResult;
import dev.refold.result.InfoResult;
import dev.refold.result.MigrateResult;
import dev.refold.result.ProjectionInfo;
import dev.refold.result.ProjectionState;
import dev.refold.test.RefoldTest;
import dev.refold.test.TestDatabase;
import org.junit.jupiter.api.Test;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The brief's posts story: versions, rebuilds, failures and forgotten bumps, on real PostgreSQL. */
@RefoldTest
class ProjectionMigrationTest {

    /** post-1 and post-3 stay, post-2 is deleted; post-1 gets two likes, one of them by mallory. */
    private static void appendStory(EventLog log) {
        log.append("post-1", ExpectedVersion.noStream(), new PostPublished("post-1", "Hello", "ann"));
        log.append("post-2", ExpectedVersion.noStream(), new PostPublished("post-2", "Draft", "bob"));
        log.append("post-3", ExpectedVersion.noStream(), new PostPublished("post-3", "Third", "ann"));
        log.append("post-2", ExpectedVersion.exactly(1), new PostDeleted("post-2"));
        log.append("post-1", ExpectedVersion.exactly(1), new PostLiked("post-1", "carl"), new PostLiked("post-1", "mallory"));
        log.append("post-3", ExpectedVersion.exactly(1), new PostLiked("post-3", "dan"));
    }

    private static Map<String, String> posts(TestDatabase db, String columns) throws SQLException {
        Map<String, String> rows = new TreeMap<>();
        try (Connection c = db.connect(); Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("select id, concat_ws('|', " + columns + ") from posts.post")) {
            while (rs.next()) {
                rows.put(rs.getString(1), rs.getString(2));
            }
        }
        return rows;
    }

    @Test
    void v2ReplaysTheWholeLogAndDeletedPostsComeBack(TestDatabase db) throws SQLException {
        try (Refold refold = db.configure().projections(new PostsProjections.V1()).load()) {
            appendStory(refold.events());
            assertThat(refold.info().projection("posts").orElseThrow().state()).isEqualTo(ProjectionState.PENDING);
            MigrateResult first = refold.migrate();
            assertThat(first.built()).extracting(BuildResult::version).containsExactly(1);
        }
        assertThat(posts(db, "title")).containsOnlyKeys("post-1", "post-3");

        try (Refold refold = db.configure().projections(new PostsProjections.V2()).load()) {
            assertThat(refold.info().projection("posts").orElseThrow().state()).isEqualTo(ProjectionState.OUTDATED);
            MigrateResult second = refold.migrate();

            BuildResult build = second.built().get(0);
            assertThat(build.previousVersion()).isEqualTo(1);
            assertThat(build.version()).isEqualTo(2);
            assertThat(build.eventsReplayed()).isEqualTo(4); // 3 published + 1 deleted: every handled event, from the start
            ProjectionInfo info = refold.info().projection("posts").orElseThrow();
            assertThat(info.state()).isEqualTo(ProjectionState.CURRENT);
            assertThat(info.builtVersion()).isEqualTo(2);
            assertThat(info.description()).isEqualTo("Posts keep deleted");
            assertThat(info.lag()).isZero();
        }
        assertThat(posts(db, "title, deleted")).containsExactlyEntriesOf(new TreeMap<>(Map.of(
                "post-1", "Hello|f", "post-2", "Draft|t", "post-3", "Third|f")));
    }

    @Test
    void aNewColumnIsFilledInForEveryOldEvent(TestDatabase db) throws SQLException {
        try (Refold refold = db.configure().projections(new PostsProjections.V2()).load()) {
            appendStory(refold.events());
            refold.migrate();
        }
        try (Refold refold = db.configure().projections(new PostsProjections.V3()).load()) {
            refold.migrate();
        }
        assertThat(posts(db, "likes")).containsExactlyEntriesOf(new TreeMap<>(Map.of(
                "post-1", "2", "post-2", "0", "post-3", "1")));
    }

    @Test
    void aFailingVersionLeavesThePreviousOneServingAndRecordsFailed(TestDatabase db) throws SQLException {
        try (Refold refold = db.configure().projections(new PostsProjections.V3()).load()) {
            appendStory(refold.events());
            refold.migrate();
        }
        Map<String, String> before = posts(db, "title, deleted, likes");
        long malloryPosition;
        try (Connection c = db.connect(); Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("select position from refold.events where payload->>'user' = 'mallory'")) {
            rs.next();
            malloryPosition = rs.getLong(1);
        }

        try (Refold refold = db.configure().projections(new PostsProjections.V4Buggy()).load()) {
            assertThatThrownBy(refold::migrate)
                    .isInstanceOfSatisfying(ProjectionBuildException.class, e -> {
                        assertThat(e.projection()).isEqualTo("posts");
                        assertThat(e.position()).hasValue(malloryPosition);
                        assertThat(e.eventType()).isEqualTo("PostLiked");
                    })
                    .hasMessageContaining("Projection 'posts' v4 failed at event position " + malloryPosition + " (PostLiked v1, stream post-1)")
                    .hasMessageContaining("cannot handle a like by mallory");
            assertThat(posts(db, "title, deleted, likes")).isEqualTo(before);
            ProjectionInfo info = refold.info().projection("posts").orElseThrow();
            assertThat(info.state()).isEqualTo(ProjectionState.FAILED);
            assertThat(info.builtVersion()).isEqualTo(3);
            assertThat(refold.validateWithResult().errors()).singleElement().asString()
                    .contains("projection posts failed").contains("position " + malloryPosition);
        }
        try (Connection c = db.connect(); Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("select version, success from refold.projection_history order by installed_rank")) {
            List<String> history = new ArrayList<>();
            while (rs.next()) {
                history.add(rs.getInt(1) + ":" + rs.getBoolean(2));
            }
            assertThat(history).containsExactly("3:true", "4:false");
        }

        try (Refold refold = db.configure().projections(new PostsProjections.V4Fixed()).load()) {
            MigrateResult fixed = refold.migrate();
            assertThat(fixed.built()).extracting(BuildResult::version).containsExactly(4);
            assertThat(refold.info().projection("posts").orElseThrow().state()).isEqualTo(ProjectionState.CURRENT);
        }
        assertThat(posts(db, "likes")).containsEntry("post-1", "2");
    }

    @Test
    void aCodeChangeWithoutAVersionBumpIsChangedAndFailsValidation(TestDatabase db) {
        try (Refold refold = db.configure().projections(new PostsProjections.V2()).load()) {
            appendStory(refold.events());
            refold.migrate();
            assertThat(refold.validateWithResult().valid()).isTrue();
        }
        try (Refold refold = db.configure().projections(new PostsProjections.V2Edited()).load()) {
            assertThat(refold.info().projection("posts").orElseThrow().state()).isEqualTo(ProjectionState.CHANGED);
            assertThatThrownBy(refold::validate).isInstanceOf(ValidationException.class)
                    .hasMessageContaining("projection posts changed since version 2 was built: bump its version,"
                            + " or run repair if the change cannot alter its output");
            assertThatThrownBy(refold::migrate).isInstanceOf(ValidationException.class);

            assertThat(refold.repair().realigned()).containsExactly("posts");
            assertThat(refold.info().projection("posts").orElseThrow().state()).isEqualTo(ProjectionState.CURRENT);
            refold.validate();
        }
    }

    @Test
    void aNoOpMigrateBuildsNothingAndCurrentProjectionsCatchUp(TestDatabase db) throws SQLException {
        try (Refold refold = db.configure().projections(new PostsProjections.V2()).load()) {
            appendStory(refold.events());
            refold.migrate();
            assertThat(refold.migrate().nothingToDo()).isTrue();

            refold.events().append("post-4", ExpectedVersion.noStream(), new PostPublished("post-4", "Late", "eve"));
            MigrateResult catchUp = refold.migrate();
            assertThat(catchUp.built()).isEmpty();
            assertThat(catchUp.eventsCaughtUp()).isEqualTo(1);
            InfoResult info = refold.info();
            assertThat(info.projection("posts").orElseThrow().position()).isEqualTo(info.headPosition());
        }
        assertThat(posts(db, "title")).containsEntry("post-4", "Late").hasSize(4);
    }

    @Test
    void rebuildForcesAFreshBuildAndHistoryRecordsEachOne(TestDatabase db) throws SQLException {
        try (Refold refold = db.configure().projections(new PostsProjections.V2()).load()) {
            appendStory(refold.events());
            refold.migrate();
            BuildResult again = refold.rebuild("posts");
            assertThat(again.previousVersion()).isEqualTo(2);
            assertThat(again.eventsReplayed()).isEqualTo(4);
            assertThatThrownBy(() -> refold.rebuild("nope")).hasMessageContaining("No projection named 'nope'");
        }
        try (Connection c = db.connect(); Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("select count(*), bool_and(success), min(installed_by), max(events_replayed)"
                     + " from refold.projection_history where projection = 'posts'")) {
            rs.next();
            assertThat(rs.getInt(1)).isEqualTo(2);
            assertThat(rs.getBoolean(2)).isTrue();
            assertThat(rs.getString(3)).isEqualTo(db.user());
            assertThat(rs.getLong(4)).isEqualTo(4);
        }
        assertThat(posts(db, "title")).hasSize(3);
    }

    @Test
    void aDowngradeIsRefusedAndTheInfoTableShowsFuture(TestDatabase db) {
        try (Refold refold = db.configure().projections(new PostsProjections.V2()).load()) {
            appendStory(refold.events());
            refold.migrate();
        }
        try (Refold refold = db.configure().projections(new PostsProjections.V1()).load()) {
            assertThat(refold.info().projection("posts").orElseThrow().state()).isEqualTo(ProjectionState.FUTURE);
            assertThatThrownBy(refold::migrate).isInstanceOf(ValidationException.class)
                    .hasMessageContaining("projection posts is built at version 2 but the code declares version 1");
            assertThat(refold.info().toTable()).contains("| posts").contains("FUTURE").contains("2 -> 1");
        }
    }

    @Test
    void aProjectionNoLongerDeclaredIsOrphanedAndDroppedOnlyWhenAskedTo(TestDatabase db) throws SQLException {
        try (Refold refold = db.configure().projections(new PostsProjections.V2()).load()) {
            appendStory(refold.events());
            refold.migrate();
        }
        try (Refold refold = db.configure().load()) {
            assertThat(refold.info().projection("posts").orElseThrow().state()).isEqualTo(ProjectionState.ORPHANED);
            assertThat(refold.migrate().built()).isEmpty();
            assertThat(posts(db, "title")).hasSize(3);
        }
        try (Refold refold = db.configure().dropOrphans(true).load()) {
            refold.migrate();
            assertThat(refold.info().projections()).isEmpty();
        }
        try (Connection c = db.connect(); Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("select count(*) from pg_namespace where nspname = 'posts'")) {
            rs.next();
            assertThat(rs.getInt(1)).isZero();
        }
    }

    @Test
    void repairClearsAFailedBuildAndTheServingVersionStaysCurrent(TestDatabase db) {
        try (Refold refold = db.configure().projections(new PostsProjections.V3()).load()) {
            appendStory(refold.events());
            refold.migrate();
        }
        try (Refold refold = db.configure().projections(new PostsProjections.V4Buggy()).load()) {
            assertThatThrownBy(refold::migrate).isInstanceOf(ProjectionBuildException.class);
            assertThat(refold.repair().removedFailures()).containsExactly("posts");
            ProjectionInfo info = refold.info().projection("posts").orElseThrow();
            assertThat(info.state()).isEqualTo(ProjectionState.OUTDATED);
            assertThat(info.builtVersion()).isEqualTo(3);
            assertThat(refold.validateWithResult().valid()).isTrue();
        }
    }

    @Test
    void aProjectionWhoseDefineThrowsIsNamedBeforeAnythingIsStored(TestDatabase db) throws SQLException {
        Projection broken = new Projection() {
            public String name() {
                return "posts";
            }

            public int version() {
                return 1;
            }

            public void define(ProjectionSpec spec) {
                throw new IllegalArgumentException("no handlers configured yet");
            }
        };
        assertThatThrownBy(() -> db.configure().projections(broken).load())
                .isInstanceOf(dev.refold.RefoldConfigurationException.class)
                .hasMessageStartingWith("Projection 'posts' (")
                .hasMessageContaining("failed in define(spec): java.lang.IllegalArgumentException: no handlers configured yet");
        try (Connection c = db.connect(); Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("select count(*) from pg_namespace where nspname = 'refold'")) {
            rs.next();
            assertThat(rs.getInt(1)).isZero();
        }
    }

    @Test
    void aMissingDdlFileIsNamedByValidate(TestDatabase db) {
        Projection noDdl = new Projection() {
            public String name() {
                return "comments";
            }

            public int version() {
                return 3;
            }

            public void define(ProjectionSpec spec) {
                spec.on(PostDeleted.class, (e, ctx) -> {
                });
            }
        };
        try (Refold refold = db.configure().projections(noDdl).load()) {
            assertThat(refold.validateWithResult().errors()).singleElement().asString()
                    .isEqualTo("Projection 'comments' declares version 3 but db/refold/comments/V3__<Description>.sql"
                            + " is not on the classpath, nor the DDL of an earlier version (the folder is empty or missing)");
            assertThatThrownBy(refold::migrate).isInstanceOf(ValidationException.class);
        }
    }

    @Test
    void anUnsafeProjectionNameIsRejectedBeforeAnySqlRuns(TestDatabase db) throws SQLException {
        Projection evil = new Projection() {
            public String name() {
                return "x\"; drop table y; --";
            }

            public int version() {
                return 1;
            }

            public void define(ProjectionSpec spec) {
                spec.on(PostDeleted.class, (e, ctx) -> {
                });
            }
        };
        assertThatThrownBy(() -> db.configure().projections(evil).load())
                .hasMessageContaining("Projection name 'x\"; drop table y; --' is not a safe identifier");
        try (Connection c = db.connect(); Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("select count(*) from pg_namespace where nspname = 'refold'")) {
            rs.next();
            assertThat(rs.getInt(1)).as("nothing was created").isZero();
        }
    }
}

package dev.refold.schema;

import dev.refold.Refold;
import dev.refold.event.ExpectedVersion;
import dev.refold.fixtures.PostDeleted;
import dev.refold.test.RefoldTest;
import dev.refold.test.TestDatabase;
import liquibase.Scope;
import liquibase.command.CommandScope;
import liquibase.command.core.UpdateCommandStep;
import liquibase.command.core.helpers.DbUrlConnectionArgumentsCommandStep;
import liquibase.database.DatabaseFactory;
import liquibase.database.jvm.JdbcConnection;
import org.junit.jupiter.api.Test;

import java.io.OutputStream;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

@RefoldTest
class RefoldSchemaTest {

    @Test
    void applyingTheSchemaTwiceIsANoOp(TestDatabase db) throws Exception {
        try (Refold refold = db.configure().load()) {
            refold.events().append("s", ExpectedVersion.noStream(), new PostDeleted("s"));
        }
        try (Refold refold = db.configure().eventTypes(PostDeleted.class).load()) {
            assertThat(refold.events().readStream("s")).hasSize(1);
        }
        try (Connection c = db.connect(); Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("select count(*) from refold.databasechangelog")) {
            rs.next();
            assertThat(rs.getInt(1)).isEqualTo(6);
        }
    }

    @Test
    void aTeamCanIncludeTheChangelogFromItsOwnMasterChangelog(TestDatabase db) throws Exception {
        runTeamsLiquibase(db);
        try (Refold refold = db.configure().eventTypes(PostDeleted.class).load()) {
            refold.events().append("s", ExpectedVersion.noStream(), new PostDeleted("s"));
            assertThat(refold.events().readStream("s")).hasSize(1);
        }
        try (Connection c = db.connect(); Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("select (select count(*) from public.databasechangelog),"
                     + " to_regclass('refold.databasechangelog') is null, to_regclass('public.customers') is not null")) {
            rs.next();
            assertThat(rs.getInt(1)).as("the team's changelog table has its changeset and Refold's six").isEqualTo(7);
            assertThat(rs.getBoolean(2)).as("Refold did not run its own Liquibase again").isTrue();
            assertThat(rs.getBoolean(3)).isTrue();
        }
    }

    @Test
    void theIncludeAlsoRunsOnADatabaseWhereRefoldAppliedItsSchemaItself(TestDatabase db) throws Exception {
        try (Refold refold = db.configure().eventTypes(PostDeleted.class).load()) {
            refold.events().append("s", ExpectedVersion.noStream(), new PostDeleted("s"));
        }
        runTeamsLiquibase(db);
        runTeamsLiquibase(db); // and again on the team's next deploy
        try (Connection c = db.connect(); Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("select string_agg(id || ':' || exectype, ',' order by orderexecuted),"
                     + " (select count(*) from refold.events) from public.databasechangelog")) {
            rs.next();
            assertThat(rs.getString(1)).as("Refold's changesets are only marked as run in the team's changelog table")
                    .isEqualTo("team-1:EXECUTED,refold-1-events:MARK_RAN,refold-2-append-only:MARK_RAN,"
                            + "refold-3-notify:MARK_RAN,refold-4-projections:MARK_RAN,refold-5-append-keys:MARK_RAN,"
                            + "refold-6-bucket-checkpoints:MARK_RAN");
            assertThat(rs.getInt(2)).as("the log is untouched").isEqualTo(1);
        }
        try (Refold refold = db.configure().eventTypes(PostDeleted.class).load()) {
            assertThat(refold.events().readStream("s")).hasSize(1);
        }
    }

    /** Spring Boot 3.5 manages Liquibase 4.31.1, whose secure parsing resolves only the XSDs inside its jar. */
    @Test
    void theChangelogDeclaresAnXsdThatTheLiquibaseOfSpringBoot35Ships() throws Exception {
        String changelog = new String(getClass().getClassLoader().getResourceAsStream(
                "refold/db/changelog/refold-changelog.xml").readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
        java.util.regex.Matcher xsd = java.util.regex.Pattern
                .compile("http://(www\\.liquibase\\.org/xml/ns/dbchangelog/dbchangelog-[0-9.a-z]+\\.xsd)").matcher(changelog);
        assertThat(xsd.find()).as("the changelog names its XSD").isTrue();
        java.nio.file.Path jar = java.nio.file.Path.of("target/older-liquibase/liquibase-core-4.31.1.jar");
        assertThat(jar).as("copied by the engine's pom").exists();
        try (java.util.zip.ZipFile zip = new java.util.zip.ZipFile(jar.toFile())) {
            assertThat(zip.getEntry(xsd.group(1))).as("%s inside liquibase-core 4.31.1", xsd.group(1)).isNotNull();
        }
    }

    /**
     * Liquibase validates each applied changeset's checksum on every run: a changed one fails the start of every
     * database that applied it, Refold's own and every team's that includes the changelog. These are the
     * checksums of the first release (the preconditions and the XSD added later do not count).
     */
    @Test
    void theChangesetsKeepTheChecksumsDatabasesRecorded() throws Exception {
        Map<String, String> recorded = Map.of(
                "refold-1-events", "9:90a5e6ff8fe17824e4d86001b8cf4943",
                "refold-2-append-only", "9:97da94e1ae66e44617ff1b753e1464dd",
                "refold-3-notify", "9:8f36957eb846bcb449da245ef02e1bd7",
                "refold-4-projections", "9:9cb1da95fea3777cc177a78e3fa7f676");
        Map<String, String> now = new java.util.HashMap<>();
        Scope.child(Map.of("liquibase.analytics.enabled", false), () -> {
            var accessor = new liquibase.resource.ClassLoaderResourceAccessor(getClass().getClassLoader());
            String file = "refold/db/changelog/refold-changelog.xml";
            liquibase.changelog.DatabaseChangeLog changelog = liquibase.parser.ChangeLogParserFactory.getInstance()
                    .getParser(file, accessor).parse(file, new liquibase.changelog.ChangeLogParameters(), accessor);
            changelog.getChangeSets().forEach(cs -> now.put(cs.getId(),
                    cs.generateCheckSum(liquibase.ChecksumVersion.latest()).toString()));
        });
        assertThat(now).containsAllEntriesOf(recorded); // later changesets (refold-5-append-keys) are new in this release
    }

    @Test
    void infoOnAnEmptyDatabaseCreatesNothing(TestDatabase db) throws Exception {
        try (Refold refold = db.configure().projections(new dev.refold.fixtures.PostsProjections.V1()).load()) {
            assertThat(refold.info().projections()).extracting(p -> p.state().name()).containsExactly("PENDING");
            assertThat(refold.validateWithResult().valid()).isTrue();
        }
        assertThat(schemas(db)).doesNotContain("refold");
    }

    @Test
    void aFirstStartThatFailsHalfWayLeavesNoHalfMadeSchema(TestDatabase db) throws Exception {
        try (Connection c = db.connect(); Statement s = c.createStatement()) {
            // Refold's first changeset (tables) succeeds, its second (a function) fails.
            s.execute("create function public.no_functions() returns event_trigger language plpgsql as $$ begin"
                    + " raise exception 'functions are not allowed here'; end $$");
            s.execute("create event trigger no_functions on ddl_command_start when tag in ('CREATE FUNCTION')"
                    + " execute function public.no_functions()");
        }
        try (Refold refold = db.configure().load()) {
            assertThatThrownBy(refold::migrate).hasMessageContaining("functions are not allowed here")
                    .hasMessageContaining("refold-changelog.xml");
        }
        assertThat(schemas(db)).doesNotContain("refold");
        try (Connection c = db.connect(); Statement s = c.createStatement()) {
            s.execute("drop event trigger no_functions");
        }
        try (Refold refold = db.configure().eventTypes(PostDeleted.class).load()) {
            refold.events().append("s", ExpectedVersion.noStream(), new PostDeleted("s"));
        }
        assertThat(schemas(db)).contains("refold");
    }

    private static java.util.List<String> schemas(TestDatabase db) throws Exception {
        java.util.List<String> names = new java.util.ArrayList<>();
        try (Connection c = db.connect(); Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("select nspname from pg_namespace")) {
            while (rs.next()) {
                names.add(rs.getString(1));
            }
        }
        return names;
    }

    private static void runTeamsLiquibase(TestDatabase db) throws Exception {
        try (Connection c = db.connect()) {
            liquibase.database.Database database = DatabaseFactory.getInstance().findCorrectDatabaseImplementation(new JdbcConnection(c));
            Scope.child(Map.of("liquibase.analytics.enabled", false), () -> new CommandScope(UpdateCommandStep.COMMAND_NAME)
                    .addArgumentValue(DbUrlConnectionArgumentsCommandStep.DATABASE_ARG, database)
                    .addArgumentValue(UpdateCommandStep.CHANGELOG_FILE_ARG, "team/master-changelog.xml")
                    .setOutput(OutputStream.nullOutputStream())
                    .execute());
        }
    }
}

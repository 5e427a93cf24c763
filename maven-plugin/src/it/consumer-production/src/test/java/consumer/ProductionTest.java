package consumer;

import dev.refold.Refold;
import dev.refold.RefoldConfigurationException;
import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ProductionTest {
    @Test
    void zonkyIsNotOnTheClasspath() {
        assertThrows(ClassNotFoundException.class,
                () -> Class.forName("io.zonky.test.db.postgres.embedded.EmbeddedPostgres"));
    }

    @Test
    void withAUrlTheEngineAloneMigrates() throws Exception {
        String url = Files.readString(Path.of("target/own-server-url.txt")).trim();
        try (Refold refold = Refold.configure().dataSource(url, "postgres", null).environment(Map.of())
                .discoverProjections(false).load()) {
            refold.migrate();
            try (Connection c = refold.dataSource().getConnection();
                 ResultSet rs = c.createStatement().executeQuery("select count(*) from pg_namespace where nspname = 'refold'")) {
                rs.next();
                assertEquals(1, rs.getInt(1));
            }
        }
    }

    @Test
    void withoutAUrlItSaysWhatToAdd() {
        RefoldConfigurationException e = assertThrows(RefoldConfigurationException.class,
                () -> Refold.configure().environment(Map.of()).dataDirectory(Path.of("target/refold-data/postgres"))
                        .discoverProjections(false).load());
        assertTrue(e.getMessage().contains("add dev.refold:refold-embedded, or set refold.url"), e.getMessage());
    }
}

package dev.refold.spring.boot4;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.refold.Refold;
import dev.refold.test.RefoldTest;
import dev.refold.test.TestDatabase;
import io.micrometer.core.instrument.MeterRegistry;
import org.junit.jupiter.api.Test;
import org.springframework.boot.SpringBootVersion;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

/**
 * Refold's auto-configuration in a Spring Boot 4.0 application on the embedded PostgreSQL: it migrates at startup,
 * the application serves the projection's rows, a failing {@code @Transactional} method leaves neither its row
 * nor its event, a passing one commits both and live catch-up applies it, and health, the {@code refold} endpoint
 * and the meters report it.
 */
@RefoldTest
class Boot4ApplicationTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    @Test
    void startsMigratesServesAndCommitsOrRollsBackAppendsWithTheApplicationsTransactions(TestDatabase db) throws Exception {
        assertThat(SpringBootVersion.getVersion()).startsWith("4.0.");
        execute(db, "create table shop_order (id text primary key, total integer not null)");

        try (ConfigurableApplicationContext app = new SpringApplicationBuilder(Boot4ShopApplication.class)
                .web(WebApplicationType.SERVLET)
                .properties("spring.datasource.url=" + db.url(),
                        "spring.datasource.username=" + db.user(),
                        "spring.datasource.password=" + (db.password() == null ? "" : db.password()),
                        "server.port=0",
                        "spring.main.banner-mode=off",
                        "management.endpoints.web.exposure.include=health,refold",
                        "management.endpoint.health.show-details=always")
                .run()) {
            Refold refold = app.getBean(Refold.class);
            assertThat(refold.info().projections()).extracting(p -> p.projection() + " " + p.state())
                    .as("migrated at startup").containsExactly("placed_orders CURRENT");
            int port = Integer.parseInt(app.getEnvironment().getProperty("local.server.port"));
            assertThat(get(port, "/orders")).isEmpty();

            Boot4ShopApplication.OrderService orders = app.getBean(Boot4ShopApplication.OrderService.class);
            assertThatThrownBy(() -> orders.place("o-1", -5)).hasMessage("an order's total cannot be negative");
            assertThat(count(db, "select count(*) from shop_order")).isZero();
            assertThat(count(db, "select count(*) from refold.events")).isZero();

            orders.place("o-2", 40);
            assertThat(count(db, "select count(*) from shop_order where id = 'o-2'")).isEqualTo(1);
            assertThat(count(db, "select count(*) from refold.events where stream_id = 'o-2'")).isEqualTo(1);

            await().atMost(10, TimeUnit.SECONDS).until(() -> get(port, "/orders").size() == 1);
            JsonNode served = get(port, "/orders");
            assertThat(served.at("/0/id").asText()).isEqualTo("o-2");
            assertThat(served.at("/0/total").asInt()).isEqualTo(40);

            JsonNode health = get(port, "/actuator/health");
            assertThat(health.at("/components/refold/status").asText()).isEqualTo("UP");
            assertThat(health.at("/components/refold/details/projections/placed_orders/state").asText()).isEqualTo("CURRENT");
            assertThat(health.at("/components/refold/details/projections/placed_orders/version").asInt()).isEqualTo(1);

            JsonNode endpoint = get(port, "/actuator/refold");
            assertThat(endpoint.at("/projections/0/projection").asText()).isEqualTo("placed_orders");
            assertThat(endpoint.at("/projections/0/state").asText()).isEqualTo("CURRENT");
            assertThat(endpoint.at("/headPosition").asLong()).isEqualTo(count(db, "select position from refold.events where stream_id = 'o-2'"));

            MeterRegistry meters = app.getBean(MeterRegistry.class);
            await().atMost(5, TimeUnit.SECONDS).untilAsserted(() -> {
                assertThat(meters.get("refold.events.applied").tag("projection", "placed_orders").tag("phase", "live")
                        .counter().count()).isEqualTo(1);
                assertThat(meters.get("refold.lag.events").tag("projection", "placed_orders").gauge().value()).isZero();
            });
        }
    }

    private static JsonNode get(int port, String path) throws Exception {
        HttpResponse<String> response = HttpClient.newHttpClient().send(
                HttpRequest.newBuilder(URI.create("http://localhost:" + port + path)).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).as(path + ": " + response.body()).isEqualTo(200);
        return JSON.readTree(response.body());
    }

    private static void execute(TestDatabase db, String sql) throws SQLException {
        try (Connection c = db.connect(); Statement s = c.createStatement()) {
            s.execute(sql);
        }
    }

    private static long count(TestDatabase db, String sql) throws SQLException {
        try (Connection c = db.connect(); Statement s = c.createStatement(); ResultSet rs = s.executeQuery(sql)) {
            rs.next();
            return rs.getLong(1);
        }
    }
}

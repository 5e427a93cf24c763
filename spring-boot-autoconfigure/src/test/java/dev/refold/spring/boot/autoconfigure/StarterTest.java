package dev.refold.spring.boot.autoconfigure;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.refold.Refold;
import dev.refold.event.ExpectedVersion;
import dev.refold.listener.BatchApplied;
import dev.refold.listener.RefoldListener;
import dev.refold.result.ProjectionState;
import dev.refold.spring.boot.autoconfigure.shop.FragileOrdersProjection;
import dev.refold.spring.boot.autoconfigure.shop.OrderPlaced;
import dev.refold.spring.boot.autoconfigure.shop.ShopApplication;
import dev.refold.test.RefoldTest;
import dev.refold.test.TestDatabase;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.actuate.health.HealthIndicator;
import org.springframework.boot.actuate.health.Status;
import org.springframework.boot.web.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;

import static dev.refold.spring.boot.autoconfigure.ShopApps.count;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

/** A stock Spring Boot application with Refold's auto-configuration, on a real PostgreSQL. */
@RefoldTest
class StarterTest {

    @Test
    void migratesAtStartupAndServesHealthAndTheRefoldEndpointOverHttp(TestDatabase db) throws Exception {
        ShopApps.createShopTable(db);
        try (ConfigurableApplicationContext app = ShopApps.start(db, new Class<?>[]{ShopApplication.class}, WebApplicationType.SERVLET,
                "management.endpoints.web.exposure.include=health,refold", "management.endpoint.health.show-details=always")) {
            Refold refold = app.getBean(Refold.class);
            assertThat(refold.info().projections()).extracting(p -> p.projection() + " " + p.state())
                    .as("the bean and the ServiceLoader projection, both built")
                    .containsExactlyInAnyOrder("placed_orders CURRENT", "order_audit CURRENT");

            int port = ((WebServerApplicationContext) app).getWebServer().getPort();
            JsonNode health = get(port, "/actuator/health");
            assertThat(health.at("/components/refold/status").asText()).isEqualTo("UP");
            assertThat(health.at("/components/refold/details/projections/placed_orders/state").asText()).isEqualTo("CURRENT");
            assertThat(health.at("/components/refold/details/projections/placed_orders/version").asInt()).isEqualTo(1);
            assertThat(health.at("/components/refold/details/projections/placed_orders/lag").asLong()).isZero();

            JsonNode info = get(port, "/actuator/refold");
            assertThat(info.at("/headPosition").asLong()).isZero();
            assertThat(info.at("/projections")).hasSize(2);
            assertThat(info.at("/projections/0/state").asText()).isEqualTo("CURRENT");
            assertThat(info.at("/projections/0/builtVersion").asInt()).isEqualTo(1);
            assertThat(info.at("/plan/refused").asBoolean()).isFalse();
            assertThat(info.at("/plan/projections")).hasSize(2);
            assertThat(info.at("/plan/projections/0/action").asText()).isEqualTo("CATCH_UP");
            assertThat(info.at("/plan/projections/0/eventsToReplay").asLong()).isZero();
            assertThat(info.at("/plan/eta").asText()).isEqualTo("PT0S");
        }
    }

    private static JsonNode get(int port, String path) throws Exception {
        HttpResponse<String> response = HttpClient.newHttpClient().send(
                HttpRequest.newBuilder(URI.create("http://localhost:" + port + path)).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).as(path + ": " + response.body()).isEqualTo(200);
        return new ObjectMapper().readTree(response.body());
    }

    @Test
    void beansThatUseTheDatabaseWaitForRefoldAsTheyWaitForFlyway(TestDatabase db) throws Exception {
        ShopApps.createShopTable(db);
        try (ConfigurableApplicationContext app = ShopApps.start(db)) {
            var factory = app.getBeanFactory();
            assertThat(factory.getBeanDefinition("jdbcTemplate").getDependsOn()).contains("refold", "refoldMigrationInitializer");
            assertThat(factory.getBeanDefinition("dslContext").getDependsOn()).contains("refold", "refoldMigrationInitializer");
        }
    }

    /** Records the size of every rebuild batch, to show which batch size Refold took from the environment. */
    @Configuration(proxyBeanMethods = false)
    static class BatchRecorder {
        static final List<Integer> SIZES = new CopyOnWriteArrayList<>();

        @Bean
        RefoldListener batchSizes() {
            return new RefoldListener() {
                public void batchApplied(BatchApplied event) {
                    if (event.rebuild() && event.projection().equals("placed_orders")) {
                        SIZES.add(event.events());
                    }
                }
            };
        }
    }

    @Test
    void refoldPropertiesComeFromTheEnvironmentUnderTheEngineNamesAndBootsRelaxedOnes(TestDatabase db) throws Exception {
        ShopApps.createShopTable(db);
        try (Refold seed = db.configure().load()) {
            for (int i = 0; i < 7; i++) {
                seed.events().append("o-" + i, ExpectedVersion.noStream(), new OrderPlaced("o-" + i, i));
            }
        }
        // Write-behind commits a rebuild at its own checkpoints, not per batch: off, each batch commits.
        for (List<String> properties : List.of(List.of("refold.batchSize=3", "refold.writeBehind=false"),
                List.of("refold.batch-size=3", "refold.write-behind=false"))) {
            BatchRecorder.SIZES.clear();
            try (ConfigurableApplicationContext app = ShopApps.start(db, new Class<?>[]{ShopApplication.class, BatchRecorder.class},
                    WebApplicationType.NONE, properties.toArray(String[]::new))) {
                app.getBean(Refold.class).rebuild("placed_orders");
            }
            assertThat(BatchRecorder.SIZES).as(properties.toString()).endsWith(3, 3, 1).allSatisfy(size -> assertThat(size).isLessThanOrEqualTo(3));
        }
    }

    @Test
    void refoldSchemaIsTakenFromApplicationProperties(TestDatabase db) throws Exception {
        ShopApps.createShopTable(db);
        try (ConfigurableApplicationContext app = ShopApps.start(db, "refold.schema=shop_refold")) {
            app.getBean(dev.refold.event.EventLog.class).append("o-1", ExpectedVersion.noStream(), new OrderPlaced("o-1", 1));
        }
        assertThat(count(db, "select count(*) from shop_refold.events")).isEqualTo(1);
    }

    @Test
    void validateOnlyStartupBuildsNothingAndHealthSaysOutOfService(TestDatabase db) throws Exception {
        ShopApps.createShopTable(db);
        try (ConfigurableApplicationContext app = ShopApps.start(db, "refold.startup=validate")) {
            Refold refold = app.getBean(Refold.class);
            assertThat(refold.info().projections()).allSatisfy(p -> assertThat(p.state()).isEqualTo(ProjectionState.PENDING));
            assertThat(app.getBean("refoldHealthIndicator", HealthIndicator.class).health().getStatus()).isEqualTo(Status.OUT_OF_SERVICE);
        }
    }

    @Configuration(proxyBeanMethods = false)
    static class RepairThenMigrate {
        static final List<String> CALLS = new CopyOnWriteArrayList<>();

        @Bean
        RefoldMigrationStrategy strategy() {
            return refold -> {
                CALLS.add("repair");
                refold.repair();
                CALLS.add("migrate");
                refold.migrate();
            };
        }
    }

    @Test
    void aMigrationStrategyBeanDecidesWhatRunsAtStartup(TestDatabase db) throws Exception {
        ShopApps.createShopTable(db);
        RepairThenMigrate.CALLS.clear();
        try (ConfigurableApplicationContext app = ShopApps.start(db, new Class<?>[]{ShopApplication.class, RepairThenMigrate.class},
                WebApplicationType.NONE)) {
            assertThat(RepairThenMigrate.CALLS).containsExactly("repair", "migrate");
            assertThat(app.getBean(Refold.class).info().projection("placed_orders").orElseThrow().state()).isEqualTo(ProjectionState.CURRENT);
        }
    }

    @Test
    void refoldEnabledFalseLeavesRefoldOutAndTheApplicationStarts(TestDatabase db) throws Exception {
        ShopApps.createShopTable(db);
        try (ConfigurableApplicationContext app = ShopApps.start(db, new Class<?>[]{PlainApplication.class}, WebApplicationType.NONE,
                "refold.enabled=false")) {
            assertThat(app.getBeanNamesForType(Refold.class)).isEmpty();
            assertThat(app.getBean(org.springframework.jdbc.core.JdbcTemplate.class).queryForObject("select 1", Integer.class)).isEqualTo(1);
        }
        assertThat(count(db, "select count(*) from pg_namespace where nspname = 'refold'")).isZero();
    }

    @org.springframework.boot.SpringBootConfiguration
    @org.springframework.boot.autoconfigure.EnableAutoConfiguration
    static class PlainApplication {
    }

    /** Asks the health indicator for its status from inside a rebuild, when Refold reports a committed batch. */
    @Configuration(proxyBeanMethods = false)
    static class HealthDuringBuild {
        static final List<Status> SEEN = new CopyOnWriteArrayList<>();

        @Bean
        RefoldListener healthProbe(ObjectProvider<RefoldHealthIndicator> health) {
            return new RefoldListener() {
                public void batchApplied(BatchApplied event) {
                    if (event.rebuild()) {
                        SEEN.add(health.getObject().health().getStatus());
                    }
                }
            };
        }
    }

    @Test
    void healthIsOutOfServiceWhileAProjectionBuildsAndDownWhenOneFailed(TestDatabase db) throws Exception {
        ShopApps.createShopTable(db);
        try (Refold seed = db.configure().load()) {
            seed.events().append("o-1", ExpectedVersion.noStream(), new OrderPlaced("o-1", 5));
        }
        HealthDuringBuild.SEEN.clear();
        try (ConfigurableApplicationContext app = ShopApps.start(db, new Class<?>[]{FragileApplication.class, HealthDuringBuild.class},
                WebApplicationType.NONE, "refold.liveAttempts=1")) {
            assertThat(HealthDuringBuild.SEEN).isNotEmpty().containsOnly(Status.OUT_OF_SERVICE);
            HealthIndicator health = app.getBean("refoldHealthIndicator", HealthIndicator.class);
            assertThat(health.health().getStatus()).isEqualTo(Status.UP);

            app.getBean(dev.refold.event.EventLog.class).append("o-13", ExpectedVersion.noStream(), new OrderPlaced("o-13", 13));
            await().atMost(15, TimeUnit.SECONDS).until(() -> health.health().getStatus().equals(Status.DOWN));
            @SuppressWarnings("unchecked")
            var projections = (java.util.Map<String, java.util.Map<String, Object>>) health.health().getDetails().get("projections");
            assertThat(projections.get("placed_orders").get("state")).isEqualTo("FAILED");
            assertThat((String) projections.get("placed_orders").get("failure")).contains("unlucky order o-13");
            assertThat(app.getBean(io.micrometer.core.instrument.MeterRegistry.class).get("refold.failures")
                    .tag("projection", "placed_orders").tag("kind", "live").counter().count()).isEqualTo(1);
        }
    }

    @org.springframework.boot.SpringBootConfiguration
    @org.springframework.boot.autoconfigure.EnableAutoConfiguration
    static class FragileApplication {
        @Bean
        FragileOrdersProjection fragile() {
            return new FragileOrdersProjection();
        }

        @Bean
        io.micrometer.core.instrument.simple.SimpleMeterRegistry meterRegistry() {
            return new io.micrometer.core.instrument.simple.SimpleMeterRegistry();
        }
    }

    @Test
    void aFailingStartupMigrationFailsTheStartupNamingTheEvent(TestDatabase db) throws Exception {
        try (Refold seed = db.configure().load()) {
            seed.events().append("o-13", ExpectedVersion.noStream(), new OrderPlaced("o-13", 13));
        }
        assertThatThrownBy(() -> ShopApps.start(db, new Class<?>[]{FragileApplication.class}, WebApplicationType.NONE).close())
                .rootCause().hasMessageContaining("unlucky order o-13");
    }
}

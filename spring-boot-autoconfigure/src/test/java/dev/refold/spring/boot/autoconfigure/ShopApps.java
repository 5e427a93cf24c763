package dev.refold.spring.boot.autoconfigure;

import dev.refold.spring.boot.autoconfigure.shop.ShopApplication;
import dev.refold.test.TestDatabase;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;

/** Starts the shop application on a test database, as {@code SpringApplication.run} would. */
final class ShopApps {
    private ShopApps() {
    }

    static ConfigurableApplicationContext start(TestDatabase db, Class<?>[] sources, WebApplicationType web, String... properties) {
        List<String> all = new ArrayList<>(List.of(
                "spring.datasource.url=" + db.url(),
                "spring.datasource.username=" + db.user(),
                "spring.datasource.password=" + (db.password() == null ? "" : db.password()),
                "server.port=0",
                "spring.main.banner-mode=off"));
        all.addAll(List.of(properties));
        return new SpringApplicationBuilder(sources).web(web).properties(all.toArray(String[]::new)).run();
    }

    static ConfigurableApplicationContext start(TestDatabase db, String... properties) {
        return start(db, new Class<?>[]{ShopApplication.class}, WebApplicationType.NONE, properties);
    }

    static void createShopTable(TestDatabase db) throws SQLException {
        try (Connection c = db.connect(); Statement s = c.createStatement()) {
            s.execute("create table shop_order (id text primary key, total integer not null)");
        }
    }

    static long count(TestDatabase db, String sql) throws SQLException {
        try (Connection c = db.connect(); Statement s = c.createStatement(); ResultSet rs = s.executeQuery(sql)) {
            rs.next();
            return rs.getLong(1);
        }
    }
}

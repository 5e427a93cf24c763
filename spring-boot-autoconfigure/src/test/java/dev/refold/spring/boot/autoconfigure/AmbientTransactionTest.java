package dev.refold.spring.boot.autoconfigure;

import com.zaxxer.hikari.HikariDataSource;
import dev.refold.Refold;
import dev.refold.RefoldException;
import dev.refold.event.EventLog;
import dev.refold.event.ExpectedVersion;
import dev.refold.spring.boot.autoconfigure.shop.OrderPlaced;
import dev.refold.spring.boot.autoconfigure.shop.ShopApplication;
import dev.refold.test.RefoldTest;
import dev.refold.test.TestDatabase;
import org.junit.jupiter.api.Test;
import org.springframework.boot.WebApplicationType;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.env.Environment;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.datasource.DataSourceTransactionManager;
import org.springframework.jdbc.datasource.TransactionAwareDataSourceProxy;
import org.springframework.transaction.support.TransactionTemplate;

import javax.sql.DataSource;

import static dev.refold.spring.boot.autoconfigure.ShopApps.count;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Refold's own work never commits or rolls back the application's transaction, even when the application's
 * data source is Spring's {@link TransactionAwareDataSourceProxy}, which hands out the transaction's connection.
 */
@RefoldTest
class AmbientTransactionTest {

    @Configuration(proxyBeanMethods = false)
    static class ProxiedDataSource {
        @Bean
        DataSource dataSource(Environment environment) {
            HikariDataSource pool = new HikariDataSource();
            pool.setJdbcUrl(environment.getProperty("spring.datasource.url"));
            pool.setUsername(environment.getProperty("spring.datasource.username"));
            pool.setPassword(environment.getProperty("spring.datasource.password"));
            return new TransactionAwareDataSourceProxy(pool);
        }
    }

    @Test
    void withTheStarterRefoldsOwnAppendsUseThePoolBehindTheProxyAndTheApplicationsRollbackHolds(TestDatabase db) throws Exception {
        ShopApps.createShopTable(db);
        try (ConfigurableApplicationContext app = ShopApps.start(db, new Class<?>[]{ShopApplication.class, ProxiedDataSource.class},
                WebApplicationType.NONE)) {
            JdbcTemplate jdbc = app.getBean(JdbcTemplate.class);
            Refold refold = app.getBean(Refold.class);
            EventLog transactional = app.getBean(EventLog.class);
            TransactionTemplate transaction = app.getBean(TransactionTemplate.class);

            transaction.executeWithoutResult(status -> {
                jdbc.update("insert into shop_order (id, total) values ('o-1', 1)");
                transactional.append("o-1", ExpectedVersion.noStream(), new OrderPlaced("o-1", 1));
                refold.events().append("audit", ExpectedVersion.any(), new OrderPlaced("audit", 0)); // its own transaction
                status.setRollbackOnly();
            });

            assertThat(count(db, "select count(*) from shop_order")).as("the application's rollback held").isZero();
            assertThat(count(db, "select count(*) from refold.events where stream_id = 'o-1'")).isZero();
            assertThat(count(db, "select count(*) from refold.events where stream_id = 'audit'"))
                    .as("refold.events() commits in a transaction of its own").isEqualTo(1);
        }
    }

    @Test
    void withoutTheStarterRefoldRefusesAConnectionThatCarriesTheApplicationsTransaction(TestDatabase db) throws Exception {
        ShopApps.createShopTable(db);
        try (HikariDataSource pool = new HikariDataSource()) {
            pool.setJdbcUrl(db.url());
            pool.setUsername(db.user());
            pool.setPassword(db.password());
            DataSource proxy = new TransactionAwareDataSourceProxy(pool);
            JdbcTemplate jdbc = new JdbcTemplate(proxy);
            TransactionTemplate transaction = new TransactionTemplate(new DataSourceTransactionManager(pool));
            try (Refold refold = Refold.configure().dataSource(proxy).discoverProjections(false).load()) {
                refold.events(); // Refold's tables are made on first write, here outside any transaction
                assertThatThrownBy(() -> transaction.executeWithoutResult(status -> {
                    jdbc.update("insert into shop_order (id, total) values ('o-1', 1)");
                    refold.events().append("o-1", ExpectedVersion.noStream(), new OrderPlaced("o-1", 1));
                })).isInstanceOf(RefoldException.class).hasMessageContaining("autocommit off");

                assertThat(count(db, "select count(*) from shop_order")).as("rolled back by Spring, not committed by Refold").isZero();
                assertThat(count(db, "select count(*) from refold.events")).isZero();

                refold.events().append("o-2", ExpectedVersion.noStream(), new OrderPlaced("o-2", 2)); // outside a transaction
                assertThat(count(db, "select count(*) from refold.events")).isEqualTo(1);
            }
        }
    }
}

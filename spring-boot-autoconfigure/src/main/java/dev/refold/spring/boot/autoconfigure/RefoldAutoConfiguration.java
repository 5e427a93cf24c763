package dev.refold.spring.boot.autoconfigure;

import dev.refold.Refold;
import dev.refold.RefoldConfiguration;
import dev.refold.event.EventLog;
import dev.refold.event.Upcaster;
import dev.refold.listener.RefoldListener;
import dev.refold.projection.Projection;
import org.jooq.SQLDialect;
import org.jooq.impl.DSL;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnExpression;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.env.Environment;
import org.springframework.core.io.ResourceLoader;

import javax.sql.DataSource;

/**
 * Refold in a Spring Boot application: built from the application's {@code DataSource} (or from
 * {@code refold.url}, like {@code spring.flyway.url}), with the projections, upcasters, event types and
 * listeners found among the beans as well as by {@code ServiceLoader}; migrated at startup before the beans
 * that use the database; caught up live while the context runs. {@code refold.enabled=false} turns it all off.
 */
@AutoConfiguration(afterName = {
        "org.springframework.boot.autoconfigure.jdbc.DataSourceAutoConfiguration",
        "org.springframework.boot.jdbc.autoconfigure.DataSourceAutoConfiguration",
        "org.springframework.boot.autoconfigure.liquibase.LiquibaseAutoConfiguration",
        "org.springframework.boot.liquibase.autoconfigure.LiquibaseAutoConfiguration"})
@ConditionalOnClass(Refold.class)
@ConditionalOnProperty(prefix = "refold", name = "enabled", havingValue = "true", matchIfMissing = true)
public class RefoldAutoConfiguration {

    @Bean(destroyMethod = "close")
    @ConditionalOnMissingBean
    public Refold refold(Environment environment, ResourceLoader resourceLoader, ObjectProvider<DataSource> dataSource,
                         ObjectProvider<Projection> projections, ObjectProvider<Upcaster> upcasters,
                         ObjectProvider<RefoldEventTypes> eventTypes, ObjectProvider<RefoldListener> listeners,
                         ObjectProvider<RefoldConfigurationCustomizer> customizers) {
        RefoldConfiguration configuration = Refold.configure()
                .classLoader(resourceLoader.getClassLoader())
                .properties(RefoldEnvironment.engineProperties(environment))
                .projections(projections.orderedStream().toList())
                .upcasters(upcasters.orderedStream().toArray(Upcaster[]::new))
                .listeners(listeners.orderedStream().toList());
        eventTypes.orderedStream().forEach(types -> configuration.eventTypes(types.types().toArray(Class<?>[]::new)));
        DataSource application = dataSource.getIfUnique();
        if (application != null && !RefoldEnvironment.hasOwnUrl(environment)) {
            configuration.dataSource(RefoldDataSources.own(application));
        }
        customizers.orderedStream().forEach(customizer -> customizer.customize(configuration));
        return configuration.load();
    }

    @Bean
    public RefoldActivity refoldActivity() {
        return new RefoldActivity();
    }

    @Bean
    @ConditionalOnMissingBean
    public RefoldMigrationInitializer refoldMigrationInitializer(Refold refold, ObjectProvider<RefoldMigrationStrategy> strategy,
                                                                 Environment environment) {
        RefoldStartup startup = Binder.get(environment).bind("refold.startup", RefoldStartup.class).orElse(RefoldStartup.MIGRATE);
        return new RefoldMigrationInitializer(refold, strategy.getIfAvailable(), startup);
    }

    @Bean
    @ConditionalOnMissingBean
    @ConditionalOnProperty(prefix = "refold", name = "live", havingValue = "true", matchIfMissing = true)
    public RefoldLiveCatchUp refoldLiveCatchUp(Refold refold, RefoldMigrationInitializer migrated) {
        return new RefoldLiveCatchUp(refold);
    }

    /**
     * The event log bound to Spring's transactions: inside a {@code @Transactional} method an append joins the
     * method's transaction and commits or rolls back with it; outside one it runs in a transaction of its own.
     * Only when Refold's tables are in the application's database, since a transaction cannot span two.
     */
    @Configuration(proxyBeanMethods = false)
    @ConditionalOnClass(name = "org.springframework.jdbc.datasource.DataSourceUtils")
    @ConditionalOnExpression("'${refold.url:}'.isBlank()")
    static class TransactionalEventLogConfiguration {

        @Bean
        @ConditionalOnMissingBean(EventLog.class)
        EventLog refoldEventLog(Refold refold, DataSource dataSource) {
            DataSource transactional = RefoldDataSources.own(dataSource);
            return refold.events().on(DSL.using(new SpringTransactionConnections(transactional), SQLDialect.POSTGRES));
        }
    }
}

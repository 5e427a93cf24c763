package dev.refold.spring.boot.autoconfigure;

import org.springframework.jdbc.datasource.TransactionAwareDataSourceProxy;
import org.springframework.util.ClassUtils;

import javax.sql.DataSource;

/**
 * The data source Refold's own transactions use. Inside a Spring transaction a
 * {@link TransactionAwareDataSourceProxy} hands out that transaction's connection, and Refold's own work
 * (a migration, a catch-up batch, {@code refold.events().append}) would then commit or roll back the
 * application's transaction; so Refold gets the pool behind it. Appends that should join the application's
 * transaction go through the {@code EventLog} bean instead.
 */
final class RefoldDataSources {
    private static final boolean SPRING_JDBC = ClassUtils.isPresent(
            "org.springframework.jdbc.datasource.TransactionAwareDataSourceProxy", RefoldDataSources.class.getClassLoader());

    private RefoldDataSources() {
    }

    static DataSource own(DataSource application) {
        DataSource current = application;
        while (SPRING_JDBC && current instanceof TransactionAwareDataSourceProxy proxy && proxy.getTargetDataSource() != null) {
            current = proxy.getTargetDataSource();
        }
        return current;
    }
}

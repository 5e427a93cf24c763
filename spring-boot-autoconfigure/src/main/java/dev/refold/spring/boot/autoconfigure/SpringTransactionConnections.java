package dev.refold.spring.boot.autoconfigure;

import org.jooq.ConnectionProvider;
import org.springframework.jdbc.datasource.DataSourceUtils;

import javax.sql.DataSource;
import java.sql.Connection;

/**
 * The connection of the Spring-managed transaction in progress, or a connection of its own outside one, as
 * {@code JdbcTemplate} gets it. Handed to {@code refold.events().on(...)}, it makes an append join the
 * application's {@code @Transactional} work.
 */
final class SpringTransactionConnections implements ConnectionProvider {
    private final DataSource dataSource;

    SpringTransactionConnections(DataSource dataSource) {
        this.dataSource = dataSource;
    }

    @Override
    public Connection acquire() {
        return DataSourceUtils.getConnection(dataSource);
    }

    @Override
    public void release(Connection connection) {
        DataSourceUtils.releaseConnection(connection, dataSource);
    }
}

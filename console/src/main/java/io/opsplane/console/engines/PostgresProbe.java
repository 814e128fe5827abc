package io.opsplane.console.engines;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.Map;

import javax.sql.DataSource;

import org.springframework.core.annotation.Order;
import org.springframework.stereotype.Component;

/** PostgreSQL answers a query on a pooled connection: sagas, actions, alerts and Quartz all need it. */
@Component
@Order(1)
class PostgresProbe extends EngineProbe {

    private final DataSource dataSource;

    PostgresProbe(DataSource dataSource) {
        super("postgres", true);
        this.dataSource = dataSource;
    }

    @Override
    Look look() throws Exception {
        try (Connection connection = dataSource.getConnection(); Statement statement = connection.createStatement()) {
            statement.setQueryTimeout(2);
            try (ResultSet version = statement.executeQuery("SELECT current_setting('server_version')")) {
                version.next();
                return Look.up(Map.of("version", version.getString(1)));
            }
        }
    }
}

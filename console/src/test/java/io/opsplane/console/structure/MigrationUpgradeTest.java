package io.opsplane.console.structure;

import static org.assertj.core.api.Assertions.assertThat;

import java.sql.Connection;
import java.sql.Statement;
import java.time.Duration;

import io.opsplane.console.testing.OpsplaneInstance;
import io.opsplane.console.testing.OrderSaga;
import io.opsplane.console.testing.TestPostgres;
import org.junit.jupiter.api.Test;

/**
 * An upgrade from a release whose newest migration is above one this release adds in a lower range: a database
 * from before consumer-lag sampling (at V24, without V4) starts the new console, which applies V4 and what follows.
 * Without out-of-order migrations Flyway refuses to start ("resolved migration not applied").
 */
class MigrationUpgradeTest {

    @Test
    void aDatabaseFromBeforeALowerNumberedMigrationUpgrades() throws Exception {
        String database = TestPostgres.newDatabase();
        String sagas = OrderSaga.create().writeDefinition(Duration.ofMinutes(5));
        try (OpsplaneInstance first = OpsplaneInstance.on(database, sagas).start()) {
            assertThat(first.jdbc().queryForObject("SELECT max(version::int) FROM flyway_schema_history"
                    + " WHERE version NOT LIKE '%.%'", Integer.class)).isGreaterThan(4);
        }
        // as the release before V4 left it
        try (Connection owner = TestPostgres.superuser(database); Statement sql = owner.createStatement()) {
            sql.execute("DROP TABLE consumer_lag_sample, topic_activity, consumer_group_partition, consumer_group");
            sql.execute("DELETE FROM flyway_schema_history WHERE version IN ('4', '25')");
        }
        try (OpsplaneInstance upgraded = OpsplaneInstance.on(database, sagas).start()) {
            assertThat(upgraded.jdbc().queryForList("SELECT version FROM flyway_schema_history WHERE success",
                    String.class)).contains("4", "24", "25");
            assertThat(upgraded.jdbc().queryForObject("SELECT count(*) FROM consumer_group_partition", Long.class))
                    .isZero();
        }
    }
}

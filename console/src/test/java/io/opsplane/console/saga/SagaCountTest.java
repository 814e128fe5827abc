package io.opsplane.console.saga;

import static org.assertj.core.api.Assertions.assertThat;

import java.sql.Connection;
import java.sql.DriverManager;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import io.opsplane.console.testing.OpsplaneInstance;
import io.opsplane.console.testing.OrderSaga;
import io.opsplane.console.testing.SagaRow;
import io.opsplane.console.testing.TestPostgres;
import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.datasource.DriverManagerDataSource;
import org.springframework.jdbc.datasource.SingleConnectionDataSource;

/**
 * The counts the overview, the flow page, the API and the metrics show (kept in saga_count as sagas change) agree with
 * the sagas themselves through every way a saga is added, moved, stuck, resolved, deleted or truncated, and through
 * folds, including one that runs while another transaction has changes not committed yet; and sagas written before
 * the counts existed are counted by the upgrade that adds them.
 */
class SagaCountTest {

    private static String url;
    private static OpsplaneInstance opsplane;
    private static JdbcTemplate db;

    /** The counts right after the upgrade that added them, and the same counts taken from the sagas then. */
    private static List<String> countedByTheUpgrade;
    private static List<String> inTheTableAtUpgrade;

    @BeforeAll
    static void start() {
        url = TestPostgres.newDatabase();
        // sagas written before the counts existed (a console upgraded to them) are counted by the migration
        Flyway.configure().dataSource(url, "postgres", "postgres").target("25")
                .placeholders(Map.of("app_role", "postgres")).load().migrate();
        JdbcTemplate before = new JdbcTemplate(new DriverManagerDataSource(url, "postgres", "postgres"));
        SagaRow.completed("old-1").insert(before);
        SagaRow.completed("old-2").insert(before);
        SagaRow.running("old-3").waitingAt("charge-payment", "PaymentCompleted", "payment").insert(before);
        SagaRow.stuck("old-4").insert(before);
        opsplane = OpsplaneInstance.on(url, OrderSaga.create().writeDefinition(java.time.Duration.ofMinutes(5)))
                .property("opsplane.ingest.enabled", false).start();
        db = opsplane.jdbc();
        countedByTheUpgrade = byTypeAndStatus();
        inTheTableAtUpgrade = countedFromTheSagas();
    }

    @AfterAll
    static void stop() {
        opsplane.close();
    }

    @Test
    void theUpgradeCountsTheSagasAlreadyThere() {
        assertThat(countedByTheUpgrade).containsExactly("order-placement COMPLETED 2", "order-placement RUNNING 1",
                "order-placement STUCK 1").isEqualTo(inTheTableAtUpgrade);
    }

    @Test
    void countsFollowEverythingThatChangesSagas() throws Exception {
        db.execute("TRUNCATE saga_instance CASCADE");
        assertThat(counts().byTypeAndStatus()).isEmpty();

        for (int i = 0; i < 5; i++) {
            SagaRow.completed("c-" + i).insert(db);
        }
        long running = SagaRow.running("r-1").insert(db);
        SagaRow.running("r-2").ofType("refund").insert(db);
        long stuck = SagaRow.stuck("s-1").insert(db);
        SagaRow.stuck("s-2", "DEADLINE").insert(db);
        SagaRow.stuck("s-3").waitingAt("reserve-stock", "StockReserved", "inventory").insert(db);
        long moving = SagaRow.running("r-3").waitingAt("reserve-stock", "StockReserved", "inventory").insert(db);
        SagaRow.compensating("k-1").waitingAt("charge-payment", "PaymentRefunded", "payment").insert(db);
        assertMatchesTheSagas();
        assertThat(byTypeAndStatus()).contains("order-placement COMPLETED 5", "order-placement STUCK 3",
                "refund RUNNING 1");

        // a stuck saga that moves on to another step while still stuck is counted at its new step
        db.update("UPDATE saga_instance SET current_step = 'ship', responsible_service = 'logistics' WHERE id = ?", stuck);
        assertMatchesTheSagas();
        // the scan's mark, an operator's resolve, and ingest moving a saga on
        db.update("UPDATE saga_instance SET status = 'STUCK', stuck_reason = 'STEP_TIMEOUT' WHERE id = ?", running);
        assertThat(opsplane.bean(SagaStore.class).resolve(stuck, Instant.now())).isTrue();
        db.update("UPDATE saga_instance SET status = 'COMPLETED' WHERE correlation_key = 'r-2'");
        // a running saga moving on to its next step is counted there, though its status stays
        db.update("UPDATE saga_instance SET current_step = 'charge-payment' WHERE id = ?", moving);
        assertMatchesTheSagas();
        assertThat(counts().stuckByStep()).extracting(step -> step.step() + " " + step.count())
                .containsExactly("charge-payment 1", "reserve-stock 1", "null 1");

        fold();
        db.update("DELETE FROM saga_instance WHERE correlation_key IN ('c-0', 'c-1', 's-2')");
        assertMatchesTheSagas();
        fold();
        assertMatchesTheSagas();
        assertThat(db.queryForObject("SELECT count(*) FROM saga_count", Long.class))
                .as("one row per count once folded").isEqualTo(db.queryForObject("""
                        SELECT count(*) FROM (SELECT DISTINCT saga_type, status, current_step, stuck_reason,
                                                     responsible_service FROM saga_count) c""", Long.class));
        String folded = rowVersions();
        fold();
        assertThat(rowVersions()).as("a fold with nothing to sum rewrites no row").isEqualTo(folded);
        assertMatchesTheSagas();

        db.execute("TRUNCATE saga_instance CASCADE");
        assertThat(counts().byTypeAndStatus()).isEmpty();
        assertThat(db.queryForObject("SELECT count(*) FROM saga_count", Long.class)).isZero();
    }

    @Test
    void aFoldLeavesChangesNotCommittedYetToTheNextOne() throws Exception {
        db.execute("TRUNCATE saga_instance CASCADE");
        SagaRow.completed("before").insert(db);
        try (Connection writer = DriverManager.getConnection(url, "postgres", "postgres")) {
            writer.setAutoCommit(false);
            JdbcTemplate open = new JdbcTemplate(new SingleConnectionDataSource(writer, true));
            SagaRow.completed("during-1").insert(open);
            SagaRow.stuck("during-2").insert(open);
            fold();
            assertThat(byTypeAndStatus()).containsExactly("order-placement COMPLETED 1");
            writer.commit();
        }
        assertThat(byTypeAndStatus()).containsExactly("order-placement COMPLETED 2", "order-placement STUCK 1");
        fold();
        assertMatchesTheSagas();
    }

    private static SagaCounts counts() {
        return opsplane.bean(SagaQueries.class).counts();
    }

    /** Where each row of saga_count is stored: a row deleted and written again is stored elsewhere. */
    private static String rowVersions() {
        return db.queryForObject("SELECT string_agg(ctid::text, ' ' ORDER BY ctid) FROM saga_count", String.class);
    }

    private static void fold() {
        opsplane.bean(SagaStore.class).foldCounts();
    }

    private static List<String> byTypeAndStatus() {
        return counts().byTypeAndStatus().stream().map(c -> c.type() + " " + c.status() + " " + c.count()).toList();
    }

    private static List<String> countedFromTheSagas() {
        return db.query("SELECT saga_type, status, count(*) FROM saga_instance GROUP BY 1, 2 ORDER BY 1, 2",
                (rs, n) -> rs.getString(1) + " " + rs.getString(2) + " " + rs.getLong(3));
    }

    /** Every count the console shows equals the same count taken from the sagas. */
    private static void assertMatchesTheSagas() {
        SagaQueries queries = opsplane.bean(SagaQueries.class);
        assertThat(byTypeAndStatus()).containsExactlyElementsOf(countedFromTheSagas());
        assertThat(queries.stuckCounts()).extracting(s -> s.type() + " " + s.step() + " " + s.reason() + " "
                        + s.service() + " " + s.count())
                .containsExactlyInAnyOrderElementsOf(db.query("""
                        SELECT saga_type, current_step, stuck_reason, responsible_service, count(*) FROM saga_instance
                        WHERE status = 'STUCK' GROUP BY 1, 2, 3, 4""", (rs, n) -> rs.getString(1) + " "
                        + rs.getString(2) + " " + rs.getString(3) + " " + rs.getString(4) + " " + rs.getLong(5)));
        // the flow page's open sagas at each step
        Instant now = Instant.now();
        SagaFlow flow = opsplane.bean(SagaFlows.class).flow("order-placement", now.minusSeconds(3600), now);
        assertThat(flow.steps()).filteredOn(step -> step.running() + step.stuck() + step.failed() + step.compensating() > 0)
                .extracting(step -> step.name() + " " + step.running() + " " + step.stuck() + " " + step.failed() + " "
                        + step.compensating())
                .containsExactlyInAnyOrderElementsOf(db.query("""
                        SELECT current_step, count(*) FILTER (WHERE status = 'RUNNING'),
                               count(*) FILTER (WHERE status = 'STUCK'), count(*) FILTER (WHERE status = 'FAILED'),
                               count(*) FILTER (WHERE status = 'COMPENSATING')
                        FROM saga_instance WHERE saga_type = 'order-placement' AND current_step IS NOT NULL
                         AND status IN ('RUNNING', 'STUCK', 'FAILED', 'COMPENSATING') GROUP BY 1""",
                        (rs, n) -> rs.getString(1) + " " + rs.getLong(2) + " " + rs.getLong(3) + " " + rs.getLong(4)
                                + " " + rs.getLong(5)));
    }
}

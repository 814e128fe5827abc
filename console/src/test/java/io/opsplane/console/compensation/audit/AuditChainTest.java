package io.opsplane.console.compensation.audit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import io.opsplane.console.testing.ApiClient;
import io.opsplane.console.testing.OpsplaneInstance;
import io.opsplane.console.testing.OrderSaga;
import io.opsplane.console.testing.TestPostgres;
import io.opsplane.console.testing.TestUsers;
import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;
import tools.jackson.databind.JsonNode;

/**
 * The audit log holds against its own database: the console runs as a role that may only read and append to
 * it, and an entry changed or removed by someone with full database access (a superuser past the triggers)
 * breaks the hash chain exactly there, which {@code GET /api/audit/verify} names.
 */
class AuditChainTest {

    private static TestPostgres.RoleDatabase database;
    private static OpsplaneInstance opsplane;
    private static ApiClient viewer;

    @BeforeAll
    static void start() throws Exception {
        database = TestPostgres.newDatabaseWithRoles();
        // entries written before the chain existed (a console upgraded to it) join the chain in the migration
        Flyway.configure().dataSource(database.url(), database.owner(), database.ownerPassword()).target("23")
                .placeholders(java.util.Map.of("app_role", database.owner())).load().migrate();
        try (Connection owner = TestPostgres.as(database.url(), database.owner(), database.ownerPassword());
             Statement s = owner.createStatement()) {
            s.execute("""
                    INSERT INTO operator_audit (recorded_at, actor, action, reason, commands)
                    VALUES ('2026-01-02T03:04:05.123456Z', 'alice', 'ACTION_REQUESTED', 'before the chain', '{"b": 1, "a": [2.50]}'),
                           ('1969-12-31T23:59:59.5Z', 'bob', 'SETTINGS_CHANGED', NULL, NULL)""");
        }
        opsplane = OpsplaneInstance.on(database, new OrderSaga("audit").writeDefinition(Duration.ofMinutes(5))).start();
        viewer = opsplane.api().as(TestUsers.VIEWER);
    }

    @AfterAll
    static void stop() {
        opsplane.close();
    }

    private static long record(String reason) {
        opsplane.bean(AuditLog.class).entry("operator", AuditActions.ACTION_REQUESTED)
                .saga(7, "order-placement").action(3).reason(reason)
                .commands(ApiClient.JSON.readTree("{\"topic\": \"payments\", \"amount\": 42.50, \"note\": \"Zürich ✓\"}"))
                .outcome("PENDING").record();
        // outside a transaction the entry is written at once
        return lastId();
    }

    private static long lastId() {
        return opsplane.jdbc().queryForObject("SELECT max(id) FROM operator_audit", Long.class);
    }

    private static JsonNode verify() {
        return viewer.getJson("/api/audit/verify");
    }

    @Test
    void theConsoleRunsAsARoleThatCanOnlyReadAndAppendToTheAuditLog() throws SQLException {
        long id = record("refund approved by phone");
        assertThat(opsplane.jdbc().queryForObject("SELECT current_user", String.class)).isEqualTo(database.app());

        try (Connection app = TestPostgres.as(database.url(), database.app(), database.appPassword());
             Statement s = app.createStatement()) {
            String auditDenied = "permission denied for table operator_audit";
            String replicationDenied = "permission denied to set parameter \"session_replication_role\"";
            String[][] refused = {
                    {"UPDATE operator_audit SET reason = 'rewritten' WHERE id = " + id, auditDenied},
                    {"DELETE FROM operator_audit WHERE id = " + id, auditDenied},
                    {"TRUNCATE operator_audit", auditDenied},
                    {"ALTER TABLE operator_audit DISABLE TRIGGER ALL", "must be owner of table operator_audit"},
                    {"SET session_replication_role = replica", replicationDenied},
                    {"SET LOCAL session_replication_role = replica", replicationDenied},
                    {"UPDATE operator_audit_chain_head SET last_hash = 'x'",
                            "permission denied for table operator_audit_chain_head"},
                    {"DELETE FROM flyway_schema_history", "permission denied for table flyway_schema_history"}};
            for (String[] attempt : refused) {
                assertThatThrownBy(() -> s.execute(attempt[0])).as(attempt[0]).hasMessageContaining(attempt[1]);
            }
        }
        assertThat(opsplane.jdbc().queryForObject("SELECT reason FROM operator_audit WHERE id = ?", String.class, id))
                .isEqualTo("refund approved by phone");
    }

    @Test
    void anEntryEditedBySuperuserPastTheTriggersIsNamedAsTheFirstBrokenOne() throws SQLException {
        long first = record("first");
        long edited = record("customer asked for a refund");
        record("third");
        long last = lastId();
        JsonNode intact = verify();
        assertThat(intact.path("intact").asBoolean()).as(intact.toString()).isTrue();
        assertThat(intact.path("verifiedUpTo").asLong()).isEqualTo(last);
        assertThat(intact.path("headHash").asString()).hasSize(64);

        try (Connection superuser = TestPostgres.superuser(database.url())) {
            superuser.setAutoCommit(false);
            try (Statement s = superuser.createStatement()) {
                s.execute("SET LOCAL session_replication_role = replica");
                s.executeUpdate("UPDATE operator_audit SET reason = 'nothing to see here' WHERE id = " + edited);
            }
            superuser.commit();
            JsonNode broken = verify();
            assertThat(broken.path("intact").asBoolean()).as(broken.toString()).isFalse();
            assertThat(broken.path("firstBroken").asLong()).isEqualTo(edited);
            assertThat(broken.path("verifiedUpTo").asLong()).isEqualTo(first);
            assertThat(broken.path("reason").asString()).contains("#" + edited).contains("changed after it was written");

            // the same edit through a disabled trigger, the owner's way, and then put back
            try (Statement s = superuser.createStatement()) {
                s.execute("ALTER TABLE operator_audit DISABLE TRIGGER ALL");
                s.executeUpdate("UPDATE operator_audit SET reason = 'customer asked for a refund' WHERE id = " + edited);
                s.execute("ALTER TABLE operator_audit ENABLE TRIGGER ALL");
            }
            superuser.commit();
        }
        assertThat(verify().path("intact").asBoolean()).isTrue();
    }

    @Test
    void aRemovedEntryBreaksTheChainAtTheOneAfterIt() throws SQLException {
        long before = record("before it");
        long removed = record("to be removed");
        long next = record("after it");
        try (Connection superuser = TestPostgres.superuser(database.url()); Statement s = superuser.createStatement()) {
            superuser.setAutoCommit(false);
            s.execute("SET LOCAL session_replication_role = replica");
            s.execute("CREATE TEMP TABLE removed_entry AS SELECT * FROM operator_audit WHERE id = " + removed);
            s.executeUpdate("DELETE FROM operator_audit WHERE id = " + removed);
            superuser.commit();

            JsonNode broken = verify();
            assertThat(broken.path("intact").asBoolean()).as(broken.toString()).isFalse();
            assertThat(broken.path("firstBroken").asLong()).isEqualTo(next);
            assertThat(broken.path("reason").asString()).contains("does not chain to entry #" + before);

            // put back as it was: the chain is whole again
            s.execute("SET LOCAL session_replication_role = replica");
            s.executeUpdate("INSERT INTO operator_audit OVERRIDING SYSTEM VALUE SELECT * FROM removed_entry");
            superuser.commit();
        }
        JsonNode whole = verify();
        assertThat(whole.path("intact").asBoolean()).as(whole.toString()).isTrue();
    }

    @Test
    void concurrentAppendsNeverChainToTheSamePredecessor() throws Exception {
        TransactionTemplate transaction = new TransactionTemplate(opsplane.bean(PlatformTransactionManager.class));
        long before = opsplane.jdbc().queryForObject("SELECT count(*) FROM operator_audit", Long.class);
        try (ExecutorService pool = Executors.newFixedThreadPool(8)) {
            List<Future<?>> appends = new ArrayList<>();
            for (int i = 0; i < 80; i++) {
                String reason = "concurrent " + i;
                int kind = i % 3;
                appends.add(pool.submit(() -> {
                    if (kind == 0) {
                        record(reason);
                    } else {
                        // as the console records them: with the decision, in its transaction; a rollback leaves none
                        transaction.executeWithoutResult(tx -> {
                            record(reason + " a");
                            record(reason + " b");
                            if (kind == 2) {
                                tx.setRollbackOnly();
                            }
                        });
                    }
                }));
            }
            for (Future<?> append : appends) {
                append.get();
            }
        }
        JsonNode verification = verify();
        assertThat(verification.path("intact").asBoolean()).as(verification.toString()).isTrue();
        assertThat(verification.path("verifiedUpTo").asLong()).isEqualTo(lastId());
        long count = opsplane.jdbc().queryForObject("SELECT count(*) FROM operator_audit", Long.class);
        assertThat(count - before).isEqualTo(27 + 2 * 27);
        assertThat(verification.path("entries").asLong()).isEqualTo(count);
    }

    @Test
    void aLogOfSeveralPagesIsVerifiedThroughAndABreakOnALaterPageIsFound() throws SQLException {
        // one statement, many rows: each row chains to the one before
        opsplane.jdbc().update("""
                INSERT INTO operator_audit (recorded_at, actor, action, reason, details)
                SELECT now(), 'policy:bulk-' || g, 'ACTION_VERIFIED', 'page test ' || g, jsonb_build_object('n', g)
                FROM generate_series(1, ?) g""", 2 * AuditChain.PAGE + 500);
        long count = opsplane.jdbc().queryForObject("SELECT count(*) FROM operator_audit", Long.class);
        JsonNode intact = verify();
        assertThat(intact.path("intact").asBoolean()).as(intact.toString()).isTrue();
        assertThat(intact.path("entries").asLong()).isEqualTo(count).isGreaterThan(2L * AuditChain.PAGE);
        assertThat(intact.path("verifiedUpTo").asLong()).isEqualTo(lastId());

        long edited = opsplane.jdbc().queryForObject(
                "SELECT id FROM operator_audit WHERE reason = 'page test ' || ?", Long.class, 2 * AuditChain.PAGE + 100);
        try (Connection superuser = TestPostgres.superuser(database.url()); Statement s = superuser.createStatement()) {
            superuser.setAutoCommit(false);
            s.execute("SET LOCAL session_replication_role = replica");
            s.executeUpdate("UPDATE operator_audit SET details = '{\"n\": 0}' WHERE id = " + edited);
            superuser.commit();
            JsonNode broken = verify();
            assertThat(broken.path("firstBroken").asLong()).as(broken.toString()).isEqualTo(edited);

            s.execute("SET LOCAL session_replication_role = replica");
            s.executeUpdate("UPDATE operator_audit SET details = jsonb_build_object('n', " + (2 * AuditChain.PAGE + 100)
                    + ") WHERE id = " + edited);
            superuser.commit();
        }
        assertThat(verify().path("intact").asBoolean()).isTrue();
    }

    @Test
    void entriesFromBeforeTheChainAreChainedByTheMigration() {
        List<String> hashes = opsplane.jdbc().queryForList(
                "SELECT hash FROM operator_audit WHERE actor IN ('alice', 'bob') ORDER BY id", String.class);
        assertThat(hashes).hasSize(2).allSatisfy(hash -> assertThat(hash).hasSize(64));
        assertThat(verify().path("intact").asBoolean()).isTrue();
    }
}

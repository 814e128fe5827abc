package io.opsplane.deploy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The launcher's PostgreSQL gives the console two roles: an owner for migrations and a plain role to run as,
 * which cannot switch triggers off. A state folder from before the two roles has its tables handed to the owner.
 */
class PostgresServiceTest {

    @TempDir
    Path state;

    @Test
    void theConsoleGetsAnOwnerForMigrationsAndAPlainRoleToRunAs() throws SQLException {
        PostgresService postgres = started(new PostgresService(state.resolve("postgres")));
        try {
            // what an older launcher left: the console's tables owned by the superuser
            try (Connection superuser = superuser(postgres); Statement s = superuser.createStatement()) {
                s.execute("ALTER DATABASE opsplane OWNER TO postgres");
                s.execute("CREATE TABLE operator_audit (id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY, reason text)");
                s.execute("CREATE FUNCTION operator_audit_append_only() RETURNS trigger LANGUAGE plpgsql AS "
                        + "$$ BEGIN RETURN NULL; END $$");
            }
        } finally {
            postgres.stop();
        }

        postgres = started(new PostgresService(state.resolve("postgres")));
        try (Connection app = DriverManager.getConnection(postgres.jdbcUrl(), PostgresService.CONSOLE_USER,
                PostgresService.CONSOLE_PASSWORD); Statement s = app.createStatement()) {
            assertThat(single(s, "SELECT pg_get_userbyid(datdba) FROM pg_database WHERE datname = 'opsplane'"))
                    .isEqualTo(PostgresService.CONSOLE_OWNER);
            assertThat(single(s, "SELECT tableowner FROM pg_tables WHERE tablename = 'operator_audit'"))
                    .isEqualTo(PostgresService.CONSOLE_OWNER);
            assertThat(single(s, "SELECT pg_get_userbyid(proowner) FROM pg_proc WHERE proname = 'operator_audit_append_only'"))
                    .isEqualTo(PostgresService.CONSOLE_OWNER);
            assertThat(single(s, "SELECT rolsuper::text FROM pg_roles WHERE rolname = current_user")).isEqualTo("false");
            assertThatThrownBy(() -> s.execute("SET session_replication_role = replica"))
                    .hasMessageContaining("permission denied to set parameter \"session_replication_role\"");
            assertThatThrownBy(() -> s.execute("ALTER TABLE operator_audit DISABLE TRIGGER ALL"))
                    .hasMessageContaining("must be owner of table operator_audit");
        } finally {
            postgres.stop();
        }
    }

    @Test
    void durableByDefaultFastOnRequestAndADeadServerIsSaidAndRestartedWithItsData() throws Exception {
        PostgresService postgres = started(new PostgresService(state.resolve("durable")));
        try {
            try (Connection c = superuser(postgres); Statement s = c.createStatement()) {
                assertThat(single(s, "SHOW fsync")).isEqualTo("on");
                assertThat(single(s, "SHOW synchronous_commit")).isEqualTo("on");
                s.execute("CREATE TABLE kept (id int)");
                s.execute("INSERT INTO kept VALUES (42)");
            }
            assertThat(postgres.problem()).isNull();
            long pid = postgres.pid();
            ProcessHandle.of(pid).orElseThrow().destroyForcibly();
            org.awaitility.Awaitility.await().atMost(java.time.Duration.ofSeconds(10))
                    .until(() -> postgres.problem() != null);
            assertThat(postgres.problem()).startsWith("PostgreSQL stopped");

            postgres.restart(new LocalLauncher.Progress(0));
            assertThat(postgres.problem()).isNull();
            assertThat(postgres.pid()).isNotEqualTo(pid);
            try (Connection c = superuser(postgres); Statement s = c.createStatement()) {
                assertThat(single(s, "SELECT id::text FROM kept")).isEqualTo("42");
            }
        } finally {
            postgres.stop();
        }

        PostgresService fast = started(new PostgresService(state.resolve("fast"), true));
        try (Connection c = superuser(fast);
             Statement s = c.createStatement()) {
            assertThat(single(s, "SHOW fsync")).isEqualTo("off");
            assertThat(single(s, "SHOW synchronous_commit")).isEqualTo("off");
        } finally {
            fast.stop();
        }
    }

    private static PostgresService started(PostgresService postgres) {
        postgres.start();
        return postgres;
    }

    private static Connection superuser(PostgresService postgres) throws SQLException {
        return DriverManager.getConnection(postgres.jdbcUrl(), PostgresService.USER, PostgresService.PASSWORD);
    }

    private static String single(Statement s, String sql) throws SQLException {
        try (ResultSet rs = s.executeQuery(sql)) {
            assertThat(rs.next()).as(sql).isTrue();
            return rs.getString(1);
        }
    }
}

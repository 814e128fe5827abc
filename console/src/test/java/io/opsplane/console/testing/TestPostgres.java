package io.opsplane.console.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.concurrent.atomic.AtomicInteger;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;

/** One real PostgreSQL server per test JVM; every caller gets a database of its own. */
public final class TestPostgres {

    private static final AtomicInteger DATABASES = new AtomicInteger();
    private static EmbeddedPostgres server;

    private TestPostgres() {
    }

    private static synchronized EmbeddedPostgres server() {
        if (server == null) {
            try {
                EmbeddedPostgres.Builder builder = EmbeddedPostgres.builder().setServerConfig("max_connections", "300")
                        // the write-heavy settings docs/operations.md recommends for Opsplane's database
                        .setServerConfig("shared_buffers", "512MB")
                        .setServerConfig("max_wal_size", "4GB")
                        .setServerConfig("checkpoint_timeout", "15min");
                // tests trade durability for speed; benchmarks keep PostgreSQL's durable defaults
                if (!Boolean.getBoolean("opsplane.bench")) {
                    builder.setServerConfig("fsync", "off").setServerConfig("synchronous_commit", "off");
                } else {
                    // benchmarks report where PostgreSQL's time goes, statement by statement
                    builder.setServerConfig("shared_preload_libraries", "pg_stat_statements");
                }
                server = builder.start();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            Runtime.getRuntime().addShutdownHook(new Thread(() -> {
                try {
                    server.close();
                } catch (IOException ignored) {
                    // the JVM is going away
                }
            }));
        }
        return server;
    }

    /** Creates an empty database and answers its JDBC URL (user and password: postgres). */
    public static String newDatabase() {
        String name = "opsplane_" + DATABASES.incrementAndGet();
        try (Connection c = server().getPostgresDatabase().getConnection(); Statement s = c.createStatement()) {
            s.execute("CREATE DATABASE " + name);
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
        return server().getJdbcUrl("postgres", name);
    }

    /**
     * A database as docs/operations.md sets one up: owned by a role that runs the migrations, used by another
     * that the migrations grant only what the console needs (SELECT and INSERT on the audit log). Both roles
     * are new, so databases made this way do not share grants.
     */
    public static RoleDatabase newDatabaseWithRoles() {
        int n = DATABASES.incrementAndGet();
        String name = "opsplane_" + n;
        RoleDatabase database = new RoleDatabase(
                "jdbc:postgresql://localhost:" + server().getPort() + "/" + name,
                "opsplane_owner_" + n, "owner-" + n, "opsplane_app_" + n, "app-" + n);
        try (Connection c = server().getPostgresDatabase().getConnection(); Statement s = c.createStatement()) {
            s.execute("CREATE ROLE " + database.owner() + " LOGIN PASSWORD '" + database.ownerPassword() + "'");
            s.execute("CREATE ROLE " + database.app() + " LOGIN PASSWORD '" + database.appPassword() + "'");
            s.execute("CREATE DATABASE " + name + " OWNER " + database.owner());
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
        return database;
    }

    /** A connection as the server's superuser, for tests that play an attacker with full database access. */
    public static Connection superuser(String jdbcUrl) throws SQLException {
        return DriverManager.getConnection(jdbcUrl.replaceFirst("\\?.*$", ""), "postgres", "postgres");
    }

    /** A connection as {@code user}, for tests that check what a role may do. */
    public static Connection as(String jdbcUrl, String user, String password) throws SQLException {
        return DriverManager.getConnection(jdbcUrl.replaceFirst("\\?.*$", ""), user, password);
    }

    /** {@code url} carries no user: connect as {@code owner} to migrate and as {@code app} to run. */
    public record RoleDatabase(String url, String owner, String ownerPassword, String app, String appPassword) {
    }
}

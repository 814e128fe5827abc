package io.opsplane.deploy;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;

/** PostgreSQL from embedded binaries, with its data kept between runs. */
final class PostgresService implements LocalLauncher.Service {

    static final String USER = "postgres";
    static final String PASSWORD = "postgres";
    private static final String DATABASE = "opsplane";

    private final Path dataDir;
    private EmbeddedPostgres postgres;

    PostgresService(Path dataDir) {
        this.dataDir = dataDir;
    }

    void start() {
        try {
            postgres = EmbeddedPostgres.builder()
                    .setDataDirectory(dataDir)
                    .setCleanDataDirectory(false)
                    .setPort(ChildProcess.port(15432))
                    // the launcher stops it last, after the console and the demo let go of it; the library's
                    // own hook would stop it at once on Ctrl-C, leaving them a minute of failing connections
                    .setRegisterShutdownHook(false)
                    .start();
        } catch (IOException e) {
            throw new LocalLauncher.StartFailure("PostgreSQL: " + e.getMessage());
        }
        ensureDatabase(DATABASE);
    }

    /** Creates the database unless it exists; answers its JDBC URL. */
    String ensureDatabase(String name) {
        try (Connection c = postgres.getPostgresDatabase().getConnection(); Statement s = c.createStatement()) {
            try (ResultSet rs = s.executeQuery("SELECT 1 FROM pg_database WHERE datname = '" + name + "'")) {
                if (!rs.next()) {
                    s.execute("CREATE DATABASE " + name);
                }
            }
        } catch (SQLException e) {
            throw new LocalLauncher.StartFailure("PostgreSQL: " + e.getMessage());
        }
        return postgres.getJdbcUrl(USER, name);
    }

    String jdbcUrl() {
        return postgres.getJdbcUrl(USER, DATABASE);
    }

    @Override
    public String name() {
        return "PostgreSQL";
    }

    @Override
    public String problem() {
        return null;
    }

    @Override
    public void stop() {
        try {
            postgres.close();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}

package io.opsplane.deploy;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;

/**
 * PostgreSQL from embedded binaries, with its data kept between runs. Durable by default (fsync and synchronous
 * commits on, as PostgreSQL ships): the state folder holds the audit log and confirmed operator actions, and the
 * launcher restarts a PostgreSQL that died, which must find its data whole. {@code fast} trades that for speed.
 */
final class PostgresService implements LocalLauncher.Engine {

    static final String USER = "postgres";
    static final String PASSWORD = "postgres";
    /** Owns the console's tables and runs its migrations. */
    static final String CONSOLE_OWNER = "opsplane_owner";
    static final String CONSOLE_OWNER_PASSWORD = "opsplane_owner";
    /** The console runs as this role: it may read and append to the audit log, never change it (docs/operations.md). */
    static final String CONSOLE_USER = "opsplane_app";
    static final String CONSOLE_PASSWORD = "opsplane_app";
    private static final String DATABASE = "opsplane";

    private final Path dataDir;
    private final boolean fast;
    private EmbeddedPostgres postgres;
    private int port;

    PostgresService(Path dataDir) {
        this(dataDir, false);
    }

    PostgresService(Path dataDir, boolean fast) {
        this.dataDir = dataDir;
        this.fast = fast;
    }

    /** What the launcher says about its durability. */
    String durability() {
        return fast ? "fast: fsync and synchronous_commit off (--fast-db)" : "durable: fsync and synchronous_commit on";
    }

    void start() {
        if (port == 0) {
            port = ChildProcess.port(15432);
        }
        String sync = fast ? "off" : "on";
        try {
            postgres = EmbeddedPostgres.builder()
                    .setDataDirectory(dataDir)
                    .setCleanDataDirectory(false)
                    .setPort(port)
                    // the embedded binaries' defaults are fsync and synchronous_commit off; these come after them
                    .setServerConfig("fsync", sync)
                    .setServerConfig("synchronous_commit", sync)
                    .setServerConfig("full_page_writes", sync)
                    // the launcher stops it last, after the console and the demo let go of it; the library's
                    // own hook would stop it at once on Ctrl-C, leaving them a minute of failing connections
                    .setRegisterShutdownHook(false)
                    .start();
        } catch (IOException e) {
            throw new LocalLauncher.StartFailure("PostgreSQL: " + e.getMessage());
        }
        ensureConsoleDatabase();
    }

    /**
     * The console's database, owned by {@link #CONSOLE_OWNER}, and the role the console runs as. A state folder
     * from before the two roles has the database and its tables owned by the superuser: they move to the owner.
     */
    private void ensureConsoleDatabase() {
        try (Connection c = postgres.getPostgresDatabase().getConnection(); Statement s = c.createStatement()) {
            for (String[] role : new String[][] {{CONSOLE_OWNER, CONSOLE_OWNER_PASSWORD}, {CONSOLE_USER, CONSOLE_PASSWORD}}) {
                try (ResultSet rs = s.executeQuery("SELECT 1 FROM pg_roles WHERE rolname = '" + role[0] + "'")) {
                    if (!rs.next()) {
                        s.execute("CREATE ROLE " + role[0] + " LOGIN PASSWORD '" + role[1] + "'");
                    }
                }
            }
            try (ResultSet rs = s.executeQuery("SELECT 1 FROM pg_database WHERE datname = '" + DATABASE + "'")) {
                if (!rs.next()) {
                    s.execute("CREATE DATABASE " + DATABASE + " OWNER " + CONSOLE_OWNER);
                    return;
                }
            }
            s.execute("ALTER DATABASE " + DATABASE + " OWNER TO " + CONSOLE_OWNER);
        } catch (SQLException e) {
            throw new LocalLauncher.StartFailure("PostgreSQL: " + e.getMessage());
        }
        try (Connection c = postgres.getDatabase(USER, DATABASE).getConnection(); Statement s = c.createStatement()) {
            s.execute("""
                    DO $$
                    DECLARE
                        object record;
                    BEGIN
                        FOR object IN
                            SELECT format('ALTER %s %s OWNER TO opsplane_owner',
                                          CASE WHEN c.relkind = 'S' THEN 'SEQUENCE' ELSE 'TABLE' END, c.oid::regclass) AS ddl
                            FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
                            WHERE n.nspname = 'public' AND c.relkind IN ('r', 'p', 'S')
                              AND pg_get_userbyid(c.relowner) <> 'opsplane_owner'
                              -- sequences of identity columns follow their table
                              AND NOT EXISTS (SELECT 1 FROM pg_depend d WHERE d.objid = c.oid AND d.deptype IN ('a', 'i'))
                            UNION ALL
                            SELECT format('ALTER ROUTINE %s OWNER TO opsplane_owner', p.oid::regprocedure)
                            FROM pg_proc p JOIN pg_namespace n ON n.oid = p.pronamespace
                            WHERE n.nspname = 'public' AND pg_get_userbyid(p.proowner) <> 'opsplane_owner'
                        LOOP
                            EXECUTE object.ddl;
                        END LOOP;
                    END
                    $$""");
        } catch (SQLException e) {
            throw new LocalLauncher.StartFailure("PostgreSQL: " + e.getMessage());
        }
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

    /** The console's database, with no user in the URL: the console connects as two roles (see CONSOLE_USER). */
    String jdbcUrl() {
        return "jdbc:postgresql://localhost:" + postgres.getPort() + "/" + DATABASE;
    }

    @Override
    public String name() {
        return "PostgreSQL";
    }

    /** PostgreSQL's postmaster, from the pid file it keeps in its data folder; null when there is none. */
    Long pid() {
        try {
            return Long.parseLong(java.nio.file.Files.readAllLines(dataDir.resolve("postmaster.pid")).getFirst().trim());
        } catch (IOException | RuntimeException e) {
            return null;
        }
    }

    @Override
    public String problem() {
        if (postgres == null) {
            return null;
        }
        Long pid = pid();
        return pid != null && ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false) ? null
                : "PostgreSQL stopped (its server process is gone). Its data: " + dataDir;
    }

    @Override
    public void restart(LocalLauncher.Progress progress) {
        try {
            // lets go of the data folder's lock (the server itself is gone already)
            postgres.close();
        } catch (IOException | RuntimeException alreadyGone) {
            // nothing left to stop
        }
        start();
    }

    @Override
    public String log() {
        return dataDir.toString();
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

package dev.qbank.db;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.jboss.logging.Logger;

/**
 * The embedded default: a real PostgreSQL 17 (zonky's binaries) that the service starts itself when no
 * datasource URL is configured. The same class serves the test suite, with a fresh directory per run.
 */
public final class EmbeddedDatabase implements AutoCloseable {

    private static final Logger LOG = Logger.getLogger(EmbeddedDatabase.class);
    static final String DATABASE = "postgres";
    static final String USER = "postgres";

    /** How the server is started: where its files live and whether commits wait for the disk. */
    public record Options(Path dataDirectory, boolean durable) {
        /** For real users' data: fsync and synchronous_commit on, so an acknowledged write survives a crash. */
        public static Options durable(Path dataDirectory) {
            return new Options(dataDirectory, true);
        }

        /** For throwaway test databases: skips fsync, as zonky does by default. */
        public static Options fast(Path dataDirectory) {
            return new Options(dataDirectory, false);
        }
    }

    private final EmbeddedPostgres postgres;

    private EmbeddedDatabase(EmbeddedPostgres postgres) {
        this.postgres = postgres;
    }

    /** True when neither QUARKUS_DATASOURCE_JDBC_URL nor the system property quarkus.datasource.jdbc.url is set. */
    public static boolean noDatasourceConfigured() {
        return blank(System.getenv("QUARKUS_DATASOURCE_JDBC_URL")) && blank(System.getProperty("quarkus.datasource.jdbc.url"));
    }

    /** QBANK_DATA_DIR (or -Dqbank.data-dir), default ./data. */
    public static Path dataDirectory() {
        String configured = Optional.ofNullable(System.getProperty("qbank.data-dir")).orElse(System.getenv("QBANK_DATA_DIR"));
        return Path.of(blank(configured) ? "data" : configured).toAbsolutePath();
    }

    public static EmbeddedDatabase start(Options options) {
        Path dir = options.dataDirectory();
        try {
            Files.createDirectories(dir);
            stopOrphanedServer(dir);
            EmbeddedPostgres.Builder builder = EmbeddedPostgres.builder()
                    .setDataDirectory(dir)
                    .setCleanDataDirectory(false)
                    .setPGStartupWait(Duration.ofSeconds(60))
                    .setServerConfig("listen_addresses", "localhost")
                    .setServerConfig("timezone", "UTC")
                    .setServerConfig("max_connections", "100");
            if (options.durable()) {
                // zonky starts postgres with -F (fsync off) and synchronous_commit=off; a later -c wins over -F.
                builder.setServerConfig("fsync", "on").setServerConfig("synchronous_commit", "on");
            } else {
                builder.setServerConfig("fsync", "off").setServerConfig("synchronous_commit", "off")
                        .setServerConfig("full_page_writes", "off");
            }
            EmbeddedPostgres postgres = builder.start();
            LOG.infof("Embedded PostgreSQL started on port %d with data in %s (%s)", postgres.getPort(), dir,
                    options.durable() ? "durable" : "fsync off");
            return new EmbeddedDatabase(postgres);
        } catch (IOException e) {
            throw new UncheckedIOException("Could not start the embedded PostgreSQL in " + dir, e);
        }
    }

    /**
     * PostgreSQL daemonizes, so a service killed with SIGKILL leaves its server running with this data directory
     * locked (postmaster.pid). Stop that orphan before starting our own: SIGTERM is a "smart" shutdown, which
     * completes at once because the dead service's connections are gone, and checkpoints every committed write.
     */
    static void stopOrphanedServer(Path dataDirectory) throws IOException {
        Path pidFile = dataDirectory.resolve("postmaster.pid");
        if (!Files.exists(pidFile)) {
            return;
        }
        List<String> lines = Files.readAllLines(pidFile, StandardCharsets.UTF_8);
        if (lines.isEmpty()) {
            return;
        }
        long pid;
        try {
            pid = Long.parseLong(lines.get(0).trim());
        } catch (NumberFormatException e) {
            return; // postgres rewrites a malformed lock file itself
        }
        Optional<ProcessHandle> process = ProcessHandle.of(pid).filter(ProcessHandle::isAlive)
                .filter(p -> p.info().command().map(c -> c.endsWith("postgres")).orElse(false));
        if (process.isEmpty()) {
            return; // stale lock file of a dead server: postgres ignores it and runs crash recovery
        }
        LOG.warnf("Found a running PostgreSQL (pid %d) left on %s by a previous run; stopping it", pid, dataDirectory);
        ProcessHandle orphan = process.get();
        orphan.destroy();
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (orphan.isAlive() && System.nanoTime() < deadline) {
            sleep(50);
        }
        if (orphan.isAlive()) {
            LOG.warnf("PostgreSQL (pid %d) did not stop within 30 s; killing it (WAL recovery will follow)", pid);
            orphan.destroyForcibly();
            while (orphan.isAlive()) {
                sleep(50);
            }
        }
    }

    public int port() {
        return postgres.getPort();
    }

    public String jdbcUrl() {
        return "jdbc:postgresql://localhost:" + postgres.getPort() + "/" + DATABASE;
    }

    /** Points Quarkus's default datasource at this server (system properties win over application.properties). */
    public void exportAsDatasource() {
        System.setProperty("quarkus.datasource.jdbc.url", jdbcUrl());
        System.setProperty("quarkus.datasource.username", USER);
        System.setProperty("quarkus.datasource.password", "");
    }

    @Override
    public void close() {
        try {
            postgres.close();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static boolean blank(String s) {
        return s == null || s.isBlank();
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("Interrupted while waiting for PostgreSQL to stop", e);
        }
    }
}

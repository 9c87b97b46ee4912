package dev.qbank.db;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The embedded default against a real PostgreSQL 17: durability settings, restarts on the same directory, and
 * recovery after the service was killed with SIGKILL (which leaves its daemonized server running), and supervision:
 * a server killed with SIGKILL (as the OOM killer does) under writes is started again and keeps every write it
 * acknowledged.
 *
 * <p>Plain JUnit, no Quarkus. Every server a test starts is stopped in {@link #stopEverythingWeStarted()}, even when
 * an assertion failed, and only servers whose command line names one of this test's own data directories are ever
 * signalled.
 */
class EmbeddedDatabaseTest {

    private static final int ACKS_BEFORE_KILL = 300;

    @TempDir
    Path tempDir;

    private final List<EmbeddedDatabase> databases = new ArrayList<>();
    private final List<Path> dataDirectories = new ArrayList<>();
    private final List<Process> children = new ArrayList<>();

    @Test
    @Timeout(value = 30, unit = TimeUnit.SECONDS)
    void childrenOfAServerAreTheProcessesProcessHandleFindsByScanningEveryProcess() throws Exception {
        // A single-threaded parent, as the postmaster is: a shell with two children and a grandchild.
        Process parent = new ProcessBuilder("sh", "-c", "sleep 30 & sleep 30 & sh -c 'sleep 30' & wait").start();
        try {
            Set<Long> scanned = Set.of();
            while (scanned.size() < 3) {
                Thread.sleep(20);
                scanned = new HashSet<>();
                for (ProcessHandle child : parent.toHandle().children().toList()) {
                    scanned.add(child.pid());
                }
            }
            assertEquals(scanned, EmbeddedDatabase.childrenOf(parent.pid()));
        } finally {
            parent.descendants().forEach(ProcessHandle::destroyForcibly);
            parent.destroyForcibly().waitFor();
        }
    }

    @Test
    @Timeout(value = 60, unit = TimeUnit.SECONDS)
    void durableServerKeepsFsyncAndSynchronousCommitOn() throws Exception {
        EmbeddedDatabase durable = start(EmbeddedDatabase.Options.durable(dataDirectory("durable")));
        EmbeddedDatabase fast = start(EmbeddedDatabase.Options.fast(dataDirectory("fast")));

        try (Connection connection = connect(durable)) {
            assertEquals("on", show(connection, "fsync"));
            assertEquals("on", show(connection, "synchronous_commit"));
            assertEquals("on", show(connection, "full_page_writes"));
        }
        try (Connection connection = connect(fast)) {
            assertEquals("off", show(connection, "fsync"));
            assertEquals("off", show(connection, "synchronous_commit"));
        }
    }

    @Test
    @Timeout(value = 60, unit = TimeUnit.SECONDS)
    void dataSurvivesARestartOnTheSameDirectory() throws Exception {
        Path dir = dataDirectory("restart");
        EmbeddedDatabase first = start(EmbeddedDatabase.Options.durable(dir));
        try (Connection connection = connect(first);
                Statement statement = connection.createStatement()) {
            statement.execute("CREATE TABLE survivor (id int PRIMARY KEY, name text NOT NULL)");
            statement.execute("INSERT INTO survivor SELECT i, 'row ' || i FROM generate_series(1, 50) i");
        }
        first.close();
        assertFalse(Files.exists(dir.resolve("postmaster.pid")), "close() stops the server and removes its lock file");

        EmbeddedDatabase second = start(EmbeddedDatabase.Options.durable(dir));
        try (Connection connection = connect(second);
                Statement statement = connection.createStatement();
                ResultSet rows = statement.executeQuery("SELECT count(*), min(id), max(id), max(name) FROM survivor")) {
            assertTrue(rows.next());
            assertEquals(50, rows.getLong(1));
            assertEquals(1, rows.getInt(2));
            assertEquals(50, rows.getInt(3));
            assertEquals("row 9", rows.getString(4));
        }
    }

    @Test
    @Timeout(value = 90, unit = TimeUnit.SECONDS)
    void serviceKilledWithSigkillLeavesItsServerRunningAndTheNextStartRecoversEveryAcknowledgedWrite()
            throws Exception {
        Path dir = dataDirectory("killed");
        Path childLog = tempDir.resolve("writing-service.log");
        Process child = new ProcessBuilder(
                        Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                        "-cp",
                        System.getProperty("java.class.path"),
                        WritingService.class.getName(),
                        dir.toString())
                .redirectError(childLog.toFile())
                .redirectInput(ProcessBuilder.Redirect.PIPE)
                .start();
        children.add(child);
        BlockingQueue<String> lines = readLines(child);

        long lastAck = 0;
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(45);
        while (lastAck < ACKS_BEFORE_KILL) {
            String line = lines.poll(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
            if (line == null || line == END_OF_STREAM) {
                fail("The writing service " + (line == null ? "is too slow" : "exited with " + child.waitFor())
                        + " after " + lastAck + " ACKs; its stderr:\n" + tail(childLog));
            }
            lastAck = ackNumber(line).orElse(lastAck);
        }
        long serverPid = postmasterPid(dir).orElseThrow(() -> new AssertionError("no postmaster.pid in " + dir));

        child.destroyForcibly(); // SIGKILL on Linux: no shutdown hook, zonky's close() never runs
        assertEquals(137, child.waitFor(), "the child JVM died of SIGKILL (128 + 9)");
        // Every ACK the child managed to print before it died was acknowledged; read the ones still in the pipe.
        for (String line; (line = lines.poll(5, TimeUnit.SECONDS)) != null && line != END_OF_STREAM; ) {
            lastAck = ackNumber(line).orElse(lastAck);
        }

        assertTrue(Files.exists(dir.resolve("postmaster.pid")), "the orphaned server still holds its lock file");
        assertEquals(Optional.of(serverPid), postmasterPid(dir));
        assertTrue(isRunning(serverPid), "PostgreSQL daemonizes, so it outlives the JVM that started it");

        EmbeddedDatabase restarted = start(EmbeddedDatabase.Options.durable(dir));

        assertFalse(isRunning(serverPid), "the orphaned server (pid " + serverPid + ") was stopped");
        long newPid = postmasterPid(dir).orElseThrow(() -> new AssertionError("no postmaster.pid after restart"));
        assertNotEquals(serverPid, newPid);
        assertTrue(isRunning(newPid));
        try (Connection connection = connect(restarted);
                Statement statement = connection.createStatement();
                ResultSet rows = statement.executeQuery("SELECT count(*), count(*) FILTER (WHERE id BETWEEN 1 AND "
                        + lastAck + ") FROM " + WritingService.TABLE)) {
            assertTrue(rows.next());
            long total = rows.getLong(1);
            long acknowledged = rows.getLong(2);
            assertTrue(total >= lastAck, total + " rows, but " + lastAck + " writes were acknowledged");
            assertEquals(lastAck, acknowledged, "every acknowledged id 1.." + lastAck + " is present");
        }
    }

    @Test
    @Timeout(value = 60, unit = TimeUnit.SECONDS)
    void staleLockFileOfADeadServerDoesNotBlockStart() throws Exception {
        Path dir = dataDirectory("stale");
        EmbeddedDatabase first = start(EmbeddedDatabase.Options.fast(dir));
        try (Connection connection = connect(first);
                Statement statement = connection.createStatement()) {
            statement.execute("CREATE TABLE marker (id int PRIMARY KEY)");
            statement.execute("INSERT INTO marker VALUES (42)");
        }
        List<String> lockFile = Files.readAllLines(dir.resolve("postmaster.pid"), StandardCharsets.UTF_8);
        first.close();

        Process dead = new ProcessBuilder("true").start();
        assertEquals(0, dead.waitFor());
        long deadPid = dead.pid();
        assertFalse(isAlive(deadPid));
        List<String> stale = new ArrayList<>(lockFile);
        stale.set(0, Long.toString(deadPid));
        Files.write(dir.resolve("postmaster.pid"), stale, StandardCharsets.UTF_8);

        EmbeddedDatabase second = start(EmbeddedDatabase.Options.fast(dir));
        long newPid = postmasterPid(dir).orElseThrow(() -> new AssertionError("no postmaster.pid after restart"));
        assertNotEquals(deadPid, newPid);
        try (Connection connection = connect(second);
                Statement statement = connection.createStatement();
                ResultSet rows = statement.executeQuery("SELECT id FROM marker")) {
            assertTrue(rows.next());
            assertEquals(42, rows.getInt(1));
        }
    }

    @Test
    @Timeout(value = 60, unit = TimeUnit.SECONDS)
    void lockFileWhosePidNowBelongsToAnotherPostgresNeverStopsThatServer() throws Exception {
        // After a reboot the pid in a stale postmaster.pid can belong to an unrelated process, even another PostgreSQL
        // (the system one, say). Simulated here with a server of our own on a different directory.
        Path bystanderDir = dataDirectory("bystander");
        EmbeddedDatabase bystander = start(EmbeddedDatabase.Options.fast(bystanderDir));
        List<String> lockFile = Files.readAllLines(bystanderDir.resolve("postmaster.pid"), StandardCharsets.UTF_8);
        long bystanderPid = Long.parseLong(lockFile.get(0).trim());
        Path dir = dataDirectory("reused-pid");
        Files.createDirectories(dir);
        List<String> stale = new ArrayList<>(lockFile); // the other server's pid, our directory
        stale.set(1, dir.toString());
        Files.write(dir.resolve("postmaster.pid"), stale, StandardCharsets.UTF_8);

        EmbeddedDatabase.stopOrphanedServer(dir); // what start() does first

        assertTrue(isRunning(bystanderPid), "the other server was not signalled");
        try (Connection connection = connect(bystander)) {
            assertEquals("off", show(connection, "fsync"));
        }
    }

    @Test
    @Timeout(value = 90, unit = TimeUnit.SECONDS)
    void aSupervisedServerKilledWithSigkillUnderWritesIsStartedAgainAndKeepsEveryAcknowledgedWrite() throws Exception {
        Path dir = dataDirectory("supervised");
        EmbeddedDatabase database = start(EmbeddedDatabase.Options.durable(dir));
        AtomicInteger restartsSeen = new AtomicInteger();
        database.onRestart(restartsSeen::incrementAndGet);
        database.supervise();
        try (Connection connection = connect(database);
                Statement statement = connection.createStatement()) {
            statement.execute("CREATE TABLE acked (id bigint PRIMARY KEY)");
        }

        // A writer that counts a row as acknowledged only when its autocommit INSERT returned, and reconnects
        // (as a pool would) whenever the server is away.
        Set<Long> acknowledged = ConcurrentHashMap.newKeySet();
        AtomicLong failures = new AtomicLong();
        AtomicBoolean stop = new AtomicBoolean();
        Thread writer = new Thread(
                () -> {
                    long next = 1;
                    while (!stop.get()) {
                        try (Connection connection = connect(database);
                                PreparedStatement insert =
                                        connection.prepareStatement("INSERT INTO acked (id) VALUES (?)")) {
                            while (!stop.get()) {
                                insert.setLong(1, next);
                                insert.executeUpdate();
                                acknowledged.add(next++);
                            }
                        } catch (SQLException e) {
                            next++; // that id's fate is unknown: never counted as acknowledged
                            failures.incrementAndGet();
                            try {
                                Thread.sleep(50);
                            } catch (InterruptedException interrupted) {
                                return;
                            }
                        }
                    }
                },
                "acked-writer");
        writer.start();
        try {
            awaitAcks(acknowledged, ACKS_BEFORE_KILL, 30);
            long serverPid = postmasterPid(dir).orElseThrow();
            assertEquals(
                    0,
                    new ProcessBuilder("kill", "-KILL", Long.toString(serverPid))
                            .start()
                            .waitFor());
            long killedAt = System.nanoTime();

            // The writer's failures show the server was really gone; then writes resume on a new postmaster.
            long deadline = killedAt + TimeUnit.SECONDS.toNanos(30);
            while (failures.get() == 0 && System.nanoTime() < deadline) {
                Thread.sleep(10);
            }
            assertTrue(failures.get() > 0, "the writer saw the server die");
            int before = acknowledged.size();
            awaitAcks(acknowledged, before + ACKS_BEFORE_KILL, 30);
            double seconds = (System.nanoTime() - killedAt) / 1e9;
            assertTrue(seconds < 30, "writes resumed " + seconds + " s after the kill");

            // The supervisor counts the restart once the new server's pid is read, which may be a moment after the
            // server already accepts the writer's connections.
            long counted = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
            while ((database.restarts() == 0
                            || restartsSeen.get() == 0
                            || database.downSince().isPresent())
                    && System.nanoTime() < counted) {
                Thread.sleep(10);
            }
            assertEquals(1, database.restarts(), "started again once");
            assertEquals(1, restartsSeen.get(), "the restart listener ran");
            assertTrue(database.downSince().isEmpty());
            long newPid = postmasterPid(dir).orElseThrow();
            assertNotEquals(serverPid, newPid);
            assertFalse(isRunning(serverPid));
        } finally {
            stop.set(true);
            writer.join(10_000);
        }
        try (Connection connection = connect(database);
                Statement statement = connection.createStatement();
                ResultSet rows = statement.executeQuery("SELECT id FROM acked")) {
            Set<Long> present = new HashSet<>();
            while (rows.next()) {
                present.add(rows.getLong(1));
            }
            Set<Long> lost = new HashSet<>(acknowledged);
            lost.removeAll(present);
            assertTrue(
                    lost.isEmpty(),
                    lost.size() + " of " + acknowledged.size() + " acknowledged rows were lost: " + lost);
        }
    }

    private static void awaitAcks(Set<Long> acknowledged, int count, int seconds) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
        while (acknowledged.size() < count) {
            if (System.nanoTime() > deadline) {
                fail("only " + acknowledged.size() + " of " + count + " writes acknowledged within " + seconds + " s");
            }
            Thread.sleep(10);
        }
    }

    // --- cleanup: never leave a postgres running, even when an assertion failed

    @AfterEach
    void stopEverythingWeStarted() throws Exception {
        for (Process child : children) {
            child.destroyForcibly();
            child.waitFor(10, TimeUnit.SECONDS);
        }
        for (EmbeddedDatabase database : databases) {
            try {
                database.close();
            } catch (RuntimeException e) {
                // fall through to killing the server below
            }
        }
        for (Path dir : dataDirectories) {
            stopServerHolding(dir);
        }
    }

    /** Stops a server left on one of our directories; checks its command line names that directory first. */
    private static void stopServerHolding(Path dir) throws IOException, InterruptedException {
        Optional<Long> pid = postmasterPid(dir);
        if (pid.isEmpty()) {
            return;
        }
        Optional<ProcessHandle> server = ProcessHandle.of(pid.get())
                .filter(ProcessHandle::isAlive)
                .filter(p -> p.info()
                        .arguments()
                        .map(args -> List.of(args).contains(dir.toString()))
                        .orElse(false));
        if (server.isEmpty()) {
            return;
        }
        server.get().destroy();
        if (!waitUntilStopped(pid.get(), dir, 15)) {
            server.get().destroyForcibly();
            waitUntilStopped(pid.get(), dir, 15);
        }
    }

    // --- helpers

    private static final String END_OF_STREAM = new String("<end of stream>");

    private Path dataDirectory(String name) {
        Path dir = tempDir.resolve(name).toAbsolutePath();
        if (!dataDirectories.contains(dir)) {
            dataDirectories.add(dir);
        }
        return dir;
    }

    private EmbeddedDatabase start(EmbeddedDatabase.Options options) {
        EmbeddedDatabase database = EmbeddedDatabase.start(options);
        databases.add(database);
        return database;
    }

    private static Connection connect(EmbeddedDatabase database) throws SQLException {
        return DriverManager.getConnection(database.jdbcUrl(), EmbeddedDatabase.USER, "");
    }

    private static String show(Connection connection, String setting) throws SQLException {
        try (Statement statement = connection.createStatement();
                ResultSet rows = statement.executeQuery("SHOW " + setting)) {
            assertTrue(rows.next());
            return rows.getString(1);
        }
    }

    private static Optional<Long> postmasterPid(Path dir) throws IOException {
        Path pidFile = dir.resolve("postmaster.pid");
        if (!Files.exists(pidFile)) {
            return Optional.empty();
        }
        List<String> lines = Files.readAllLines(pidFile, StandardCharsets.UTF_8);
        try {
            return lines.isEmpty()
                    ? Optional.empty()
                    : Optional.of(Long.parseLong(lines.get(0).trim()));
        } catch (NumberFormatException e) {
            return Optional.empty();
        }
    }

    private static boolean isAlive(long pid) {
        return ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false);
    }

    /**
     * Alive and not a zombie. A stopped orphan's new parent (init) may reap it only later, and until then
     * ProcessHandle.isAlive() still reports it alive; on Linux /proc tells the two apart.
     */
    private static boolean isRunning(long pid) {
        if (!isAlive(pid)) {
            return false;
        }
        try {
            String stat = Files.readString(Path.of("/proc", Long.toString(pid), "stat"));
            return stat.charAt(stat.lastIndexOf(')') + 2) != 'Z';
        } catch (IOException | RuntimeException e) {
            return isAlive(pid); // no /proc (macOS), or the process vanished meanwhile
        }
    }

    private static boolean waitUntilStopped(long pid, Path dir, int seconds) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
        while (isRunning(pid) && Files.exists(dir.resolve("postmaster.pid")) && System.nanoTime() < deadline) {
            Thread.sleep(50);
        }
        return !isRunning(pid) || !Files.exists(dir.resolve("postmaster.pid"));
    }

    private static Optional<Long> ackNumber(String line) {
        return line.startsWith(WritingService.ACK)
                ? Optional.of(Long.parseLong(
                        line.substring(WritingService.ACK.length()).trim()))
                : Optional.empty();
    }

    /** The child's stdout, line by line, on a daemon thread; {@link #END_OF_STREAM} when it closes. */
    private static BlockingQueue<String> readLines(Process child) {
        BlockingQueue<String> lines = new LinkedBlockingQueue<>();
        Thread reader = new Thread(
                () -> {
                    try (BufferedReader in =
                            new BufferedReader(new InputStreamReader(child.getInputStream(), StandardCharsets.UTF_8))) {
                        for (String line; (line = in.readLine()) != null; ) {
                            lines.add(line);
                        }
                    } catch (IOException ignored) {
                        // the child was killed
                    } finally {
                        lines.add(END_OF_STREAM);
                    }
                },
                "writing-service-stdout");
        reader.setDaemon(true);
        reader.start();
        return lines;
    }

    private static String tail(Path file) {
        try {
            List<String> lines = Files.readAllLines(file, StandardCharsets.UTF_8);
            return String.join("\n", lines.subList(Math.max(0, lines.size() - 40), lines.size()));
        } catch (IOException e) {
            return "(unreadable: " + e + ")";
        }
    }
}

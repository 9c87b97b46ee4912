package dev.qbank.db;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.zonky.test.db.postgres.embedded.DefaultPostgresBinaryResolver;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The binaries installer on its own (no server is started): what a first run on a new machine, a killed first run and
 * two first runs at once leave behind, and the heap it needs.
 */
class PostgresBinariesTest {

    @TempDir
    Path workingDirectory;

    @Test
    @Timeout(value = 120, unit = TimeUnit.SECONDS)
    void installsIntoAnEmptyDirectoryInA48MegabyteHeap() throws Exception {
        // In a child JVM with a heap smaller than the service's: zonky's own unpacking needs well over 96 MB.
        Process child = new ProcessBuilder(
                        Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                        "-Xmx48m",
                        "-XX:+UseSerialGC",
                        "-cp",
                        System.getProperty("java.class.path"),
                        InstallBinaries.class.getName(),
                        workingDirectory.toString())
                .redirectErrorStream(true)
                .start();
        String output = new String(child.getInputStream().readAllBytes());
        assertEquals(0, child.waitFor(), output);

        Path installed = onlyInstalledDirectory();
        assertTrue(PostgresBinaries.isComplete(installed), "bin/postgres, initdb, pg_ctl and the marker are there");
        assertTrue(Files.isSymbolicLink(installed.resolve("lib/libicuuc.so")), "symbolic links are kept as links");
        assertTrue(Files.exists(installed.resolve("lib/libicuuc.so")), "and they resolve");
        assertEquals(List.of(), temporaries(), "nothing half-written is left beside it");
    }

    @Test
    @Timeout(value = 120, unit = TimeUnit.SECONDS)
    void aHalfFilledDirectoryAtTheFinalNameIsReplaced() throws Exception {
        PostgresBinaries.Installed first = PostgresBinaries.install(workingDirectory);
        Path installed = workingDirectory.resolve(PostgresBinaries.directoryName(first.archiveDigest()));
        // What a first run killed half-way leaves: lib/ and share/, no bin/, no marker (as zonky's own unpacking did).
        deleteTree(installed);
        try (InputStream archive = DefaultPostgresBinaryResolver.INSTANCE.getPgBinary("Linux", "x86_64")) {
            PostgresBinaries.unpack(archive, installed);
        }
        deleteTree(installed.resolve("bin"));
        assertFalse(PostgresBinaries.isComplete(installed));

        PostgresBinaries.Installed again = PostgresBinaries.install(workingDirectory);

        assertEquals(first, again);
        assertTrue(PostgresBinaries.isComplete(installed));
        assertEquals(List.of(), temporaries());
    }

    @Test
    @Timeout(value = 120, unit = TimeUnit.SECONDS)
    void aSecondStartReusesTheInstalledBinaries() throws Exception {
        PostgresBinaries.install(workingDirectory);
        Path installed = onlyInstalledDirectory();
        long postgresModified =
                Files.getLastModifiedTime(installed.resolve("bin/postgres")).toMillis();
        Thread.sleep(20);

        PostgresBinaries.install(workingDirectory);

        assertEquals(installed, onlyInstalledDirectory());
        assertEquals(
                postgresModified,
                Files.getLastModifiedTime(installed.resolve("bin/postgres")).toMillis(),
                "not unpacked again");
    }

    @Test
    @Timeout(value = 180, unit = TimeUnit.SECONDS)
    void twoInstallsAtOnceBothSucceedAndLeaveOneCopy() throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(2);
        try {
            Callable<PostgresBinaries.Installed> install = () -> PostgresBinaries.install(workingDirectory);
            Future<PostgresBinaries.Installed> one = pool.submit(install);
            Future<PostgresBinaries.Installed> other = pool.submit(install);
            assertEquals(one.get(), other.get());
        } finally {
            pool.shutdownNow();
        }
        assertTrue(PostgresBinaries.isComplete(onlyInstalledDirectory()));
        assertEquals(List.of(), temporaries());
    }

    @Test
    @Timeout(value = 120, unit = TimeUnit.SECONDS)
    void aServerStartsFromBinariesInstalledOverAHalfFilledDirectory() throws Exception {
        PostgresBinaries.Installed installed = PostgresBinaries.install(workingDirectory);
        Path directory = workingDirectory.resolve(PostgresBinaries.directoryName(installed.archiveDigest()));
        deleteTree(directory.resolve("bin"));
        Files.delete(directory.resolve(PostgresBinaries.MARKER));
        String previous = System.getProperty("ot.epg.working-dir");
        System.setProperty("ot.epg.working-dir", workingDirectory.toString());
        try (EmbeddedDatabase database =
                EmbeddedDatabase.start(EmbeddedDatabase.Options.fast(workingDirectory.resolve("data")))) {
            try (var connection = java.sql.DriverManager.getConnection(database.jdbcUrl(), EmbeddedDatabase.USER, "");
                    var rows = connection
                            .createStatement()
                            .executeQuery("SELECT current_setting('server_version_num')::int")) {
                assertTrue(rows.next());
                assertTrue(rows.getInt(1) >= 170000, "PostgreSQL 17");
            }
            long postmaster = EmbeddedDatabase.readPostmasterPid(workingDirectory.resolve("data"))
                    .orElseThrow();
            String command =
                    ProcessHandle.of(postmaster).orElseThrow().info().command().orElseThrow();
            assertTrue(command.startsWith(directory.toString()), "the server runs from the repaired copy: " + command);
        } finally {
            if (previous == null) {
                System.clearProperty("ot.epg.working-dir");
            } else {
                System.setProperty("ot.epg.working-dir", previous);
            }
        }
    }

    private Path onlyInstalledDirectory() throws IOException {
        try (Stream<Path> entries = Files.list(workingDirectory)) {
            List<Path> installed = entries.filter(
                            p -> p.getFileName().toString().startsWith("PG-"))
                    .toList();
            assertEquals(1, installed.size(), "one installed copy: " + installed);
            return installed.get(0);
        }
    }

    private List<Path> temporaries() throws IOException {
        try (Stream<Path> entries = Files.list(workingDirectory)) {
            return entries.filter(p -> p.getFileName().toString().startsWith(PostgresBinaries.TEMP_PREFIX))
                    .toList();
        }
    }

    private static void deleteTree(Path root) throws IOException {
        try (Stream<Path> paths = Files.walk(root)) {
            for (Path path : paths.sorted(java.util.Comparator.reverseOrder()).toList()) {
                Files.delete(path);
            }
        }
    }

    /** The child JVM of {@link #installsIntoAnEmptyDirectoryInA48MegabyteHeap}. */
    public static final class InstallBinaries {
        public static void main(String[] args) {
            PostgresBinaries.install(Path.of(args[0]));
        }
    }
}

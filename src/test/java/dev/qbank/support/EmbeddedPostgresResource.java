package dev.qbank.support;

import dev.qbank.db.EmbeddedDatabase;
import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.Map;
import java.util.stream.Stream;

/**
 * Starts the same embedded PostgreSQL the service starts by default, in a fresh directory per test run (fsync off
 * for speed), and points the datasource at it.
 */
public class EmbeddedPostgresResource implements QuarkusTestResourceLifecycleManager {

    private EmbeddedDatabase database;
    private Path directory;
    /** The test database's directory, for tests that stop or freeze the server (see DegradationTest). */
    private static volatile Path current;

    @Override
    public Map<String, String> start() {
        try {
            directory = Files.createTempDirectory("qbank-test-pg");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        database = EmbeddedDatabase.start(EmbeddedDatabase.Options.fast(directory));
        database.stopAfter(null); // should the test JVM exit without stop(): the server is a process of its own
        current = directory;
        return Map.of(
                "quarkus.datasource.jdbc.url", database.jdbcUrl(),
                "quarkus.datasource.username", "postgres",
                "quarkus.datasource.password", "");
    }

    public static Path dataDirectory() {
        return current;
    }

    @Override
    public void stop() {
        if (database != null) {
            database.close();
        }
        if (directory != null) {
            try (Stream<Path> files = Files.walk(directory)) {
                files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            } catch (IOException ignored) {
                // a temp directory left behind is harmless
            }
        }
    }
}

package dev.qbank.db;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * Migrations are append-only: a migration that a database has applied must never change, or Flyway refuses to start on
 * that database (checksum mismatch). The SHA-256 of every migration on main is recorded in
 * src/test/resources/db/migration-checksums.sha256; this fails when one of them changes or disappears, and when a new
 * migration has not been recorded (so that adding the line is a deliberate step, reviewed with the migration).
 */
class MigrationsAreAppendOnlyTest {

    private static final Path MIGRATIONS = Path.of("src/main/resources/db/migration");
    private static final Path RECORDED = Path.of("src/test/resources/db/migration-checksums.sha256");

    @Test
    void noMigrationOnMainChangesAndEveryNewOneIsRecorded() throws Exception {
        Map<String, String> recorded = new TreeMap<>();
        for (String line : Files.readAllLines(RECORDED)) {
            if (line.isBlank() || line.startsWith("#")) {
                continue;
            }
            String[] fields = line.trim().split("\\s+", 2);
            recorded.put(fields[1].trim(), fields[0]);
        }
        Map<String, String> actual;
        try (Stream<Path> files = Files.list(MIGRATIONS)) {
            actual = files.filter(f -> f.getFileName().toString().endsWith(".sql"))
                    .collect(Collectors.toMap(
                            f -> f.getFileName().toString(),
                            MigrationsAreAppendOnlyTest::sha256,
                            (a, b) -> a,
                            TreeMap::new));
        }
        for (Map.Entry<String, String> migration : recorded.entrySet()) {
            assertTrue(
                    actual.containsKey(migration.getKey()),
                    migration.getKey() + " was applied somewhere and is gone: "
                            + "migrations are append-only; restore it");
            assertEquals(
                    migration.getValue(),
                    actual.get(migration.getKey()),
                    migration.getKey() + " changed after it was "
                            + "on main: databases that applied it will refuse to start. Restore it and carry the change in a new migration.");
        }
        for (String migration : actual.keySet()) {
            assertTrue(
                    recorded.containsKey(migration),
                    migration + " is new: record its SHA-256 in " + RECORDED + " (sha256sum " + migration + ")");
        }
    }

    private static String sha256(Path file) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(Files.readAllBytes(file)));
        } catch (IOException | NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}

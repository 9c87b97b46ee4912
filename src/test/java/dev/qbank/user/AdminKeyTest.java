package dev.qbank.user;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.qbank.security.AdminKey;
import dev.qbank.security.AuthConfig;
import dev.qbank.security.KeyMaterial;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The admin key is refused at start-up when too short, and afterwards recognised only by its hash. */
class AdminKeyTest {

    private record Config(Optional<String> key, Optional<String> keyFile) implements AuthConfig {
        static Config key(String key) {
            return new Config(Optional.of(key), Optional.empty());
        }
    }

    @Test
    void aKeyShorterThanThirtyTwoCharactersIsRefusedWithoutRevealingIt() {
        String shortKey = "s3cr3t-but-only-31-characters!!";
        IllegalStateException refused =
                assertThrows(IllegalStateException.class, () -> new AdminKey(Config.key(shortKey)));
        assertTrue(refused.getMessage().contains("at least 32 characters"), refused.getMessage());
        assertFalse(refused.getMessage().contains(shortKey), "the message must not reveal the key");
    }

    @Test
    void aKeyOfThirtyTwoCharactersIsAcceptedAndMatchesOnlyItself() {
        String key = "k".repeat(32);
        AdminKey admin = assertDoesNotThrow(() -> new AdminKey(Config.key(key)));
        assertTrue(admin.matches(KeyMaterial.hash(key)));
        assertFalse(admin.matches(KeyMaterial.hash("k".repeat(33))));
        assertFalse(admin.matches(KeyMaterial.hash(key.toUpperCase())));
    }

    @Test
    void withoutAKeyNoRequestIsAdmin() {
        AdminKey none = new AdminKey(new Config(Optional.empty(), Optional.empty()));
        assertFalse(none.matches(KeyMaterial.hash("")));
        AdminKey blank = new AdminKey(Config.key("   "));
        assertFalse(blank.matches(KeyMaterial.hash("   ")));
    }

    @Test
    void theKeyFileWinsOverTheKeyAndIsReadStripped(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("admin.key");
        String fromFile = "f".repeat(40);
        Files.writeString(file, fromFile + "\n");
        AdminKey admin = new AdminKey(new Config(Optional.of("e".repeat(40)), Optional.of(file.toString())));
        assertTrue(admin.matches(KeyMaterial.hash(fromFile)));
        assertFalse(admin.matches(KeyMaterial.hash("e".repeat(40))));
    }

    @Test
    void aShortKeyInTheKeyFileIsRefusedToo(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("admin.key");
        Files.writeString(file, "short\n");
        assertThrows(
                IllegalStateException.class,
                () -> new AdminKey(new Config(Optional.empty(), Optional.of(file.toString()))));
    }
}

package dev.qbank.security;

import io.quarkus.runtime.Startup;
import jakarta.enterprise.context.ApplicationScoped;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.Optional;
import org.jboss.logging.Logger;

/**
 * The admin key, held only as its SHA-256: read once at start-up from QBANK_ADMIN_KEY_FILE (preferred) or
 * QBANK_ADMIN_KEY, checked for length, and never logged. Without one, no request is admin.
 */
@Startup
@ApplicationScoped
public class AdminKey {

    static final int MIN_LENGTH = 32;
    private static final Logger LOG = Logger.getLogger(AdminKey.class);

    private final Optional<byte[]> hash;

    public AdminKey(AuthConfig config) {
        Optional<String> key = config.keyFile()
                .filter(f -> !f.isBlank())
                .map(AdminKey::read)
                .or(() -> config.key().filter(k -> !k.isBlank()));
        key.ifPresent(k -> {
            if (k.length() < MIN_LENGTH) {
                throw new IllegalStateException(
                        "The admin key (QBANK_ADMIN_KEY or QBANK_ADMIN_KEY_FILE) must be at least " + MIN_LENGTH
                                + " characters long; it is " + k.length() + ".");
            }
        });
        this.hash = key.map(KeyMaterial::hash);
        LOG.info(hash.isPresent() ? "Admin key configured" : "No admin key configured: admin operations are disabled");
    }

    public boolean matches(byte[] presentedHash) {
        return hash.map(h -> MessageDigest.isEqual(h, presentedHash)).orElse(false);
    }

    private static String read(String file) {
        try {
            return Files.readString(Path.of(file), StandardCharsets.UTF_8).strip();
        } catch (IOException e) {
            throw new UncheckedIOException("Could not read the admin key file named by QBANK_ADMIN_KEY_FILE", e);
        }
    }
}

package dev.qbank.security;

import io.smallrye.config.ConfigMapping;
import java.util.Optional;

/** Where the admin key comes from. Supply it as a file where you can (see docs/operations.md, "The admin key"). */
@ConfigMapping(prefix = "qbank.admin")
public interface AuthConfig {

    /** The admin key itself, at least 32 characters (QBANK_ADMIN_KEY). */
    Optional<String> key();

    /** A file holding the admin key (QBANK_ADMIN_KEY_FILE), e.g. a mounted secret; wins over {@link #key()}. */
    Optional<String> keyFile();
}

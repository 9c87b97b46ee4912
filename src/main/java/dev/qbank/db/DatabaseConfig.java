package dev.qbank.db;

import io.quarkus.arc.Unremovable;
import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.time.Duration;

/**
 * The embedded default's settings. QbankMain reads the data directory before Quarkus starts (from QBANK_DATA_DIR or
 * -Dqbank.data-dir); it is mapped here too so that it is validated and documented with the rest. The mapping is kept
 * explicitly: Quarkus drops one it thinks unused, and then refuses -Dqbank.data-dir as a property that "does not map
 * to any root".
 */
@Unremovable
@ConfigMapping(prefix = "qbank")
public interface DatabaseConfig {

    /** Where the embedded PostgreSQL keeps its files when no datasource URL is configured. */
    @WithDefault("data")
    String dataDir();

    /**
     * How long the embedded PostgreSQL may stay dead, while the service keeps starting it again, before liveness
     * fails (EmbeddedDatabaseSupervision).
     */
    @WithDefault("30s")
    Duration databaseRestartGrace();
}

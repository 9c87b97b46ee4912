package dev.qbank.db;

import io.quarkus.arc.Unremovable;
import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/**
 * The embedded default's settings. QbankMain reads them before Quarkus starts (from QBANK_DATA_DIR or
 * -Dqbank.data-dir); they are mapped here so that they are validated and documented with the rest. Nothing injects
 * the mapping, so it is kept explicitly: Quarkus drops an unused one, and then refuses -Dqbank.data-dir as a property
 * that "does not map to any root".
 */
@Unremovable
@ConfigMapping(prefix = "qbank")
public interface DatabaseConfig {

    /** Where the embedded PostgreSQL keeps its files when no datasource URL is configured. */
    @WithDefault("data")
    String dataDir();
}

package dev.qbank.imports;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/** Asynchronous imports. */
@ConfigMapping(prefix = "qbank.imports")
public interface ImportConfig {

    /** Most questions one import may hold; a larger one fails (nothing written). */
    @WithDefault("5000")
    int maxRows();

    /** Whether this instance runs the import worker. */
    @WithDefault("true")
    boolean workerEnabled();

    /** How often the worker looks for pending jobs (read by its @Scheduled expression). */
    @WithDefault("1s")
    String workerInterval();
}

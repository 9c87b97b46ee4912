package dev.qbank.changes;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.time.Duration;

/** The change feed (docs/sync.md). */
@ConfigMapping(prefix = "qbank.changes")
public interface ChangesConfig {

    /**
     * How long a change stays in the feed. A sync token older than this (one that points before the oldest change
     * kept) is answered with 410: the client downloads the bank again.
     */
    @WithDefault("30d")
    Duration retention();
}

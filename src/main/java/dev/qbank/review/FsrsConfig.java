package dev.qbank.review;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/** FSRS-6: fitting each learner's own parameters (POST /v1/users/me/fsrs/fits). */
@ConfigMapping(prefix = "qbank.fsrs")
public interface FsrsConfig {

    Fit fit();

    interface Fit {

        /**
         * Usable reviews (answers at least a day after the previous one on the same question) a learner needs before a
         * fit: 400, Anki's minimum since 24.04 (fsrs4anki docs/tutorial.md, "Step 3: Find optimal parameters": "If you
         * have less than 1000 reviews (400 in Anki 24.04), please use the default parameters").
         */
        @WithDefault("400")
        int minReviews();

        /** Most losses one fit computes (its time bound: 3 to 5 ms each for 10,000 answers). */
        @WithDefault("5000")
        int maxEvaluations();

        /** Whether this instance runs the fit worker. */
        @WithDefault("true")
        boolean workerEnabled();

        /** How often the worker looks for pending fits (read by its @Scheduled expression). */
        @WithDefault("2s")
        String workerInterval();
    }
}

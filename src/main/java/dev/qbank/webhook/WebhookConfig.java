package dev.qbank.webhook;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.time.Duration;

/** Webhook delivery: targets, timeouts, the retry schedule, the circuit breaker and the workers. */
@ConfigMapping(prefix = "qbank.webhooks")
public interface WebhookConfig {

    /**
     * Lets webhook URLs target loopback, private, link-local and other internal addresses. Off in production (SSRF);
     * on for local development and the tests, whose receivers listen on 127.0.0.1.
     */
    @WithDefault("false")
    boolean allowPrivateTargets();

    /** Longest wait for a receiver to accept the connection. */
    @WithDefault("5s")
    Duration connectTimeout();

    /** Longest a whole delivery may take, response included; then it counts as failed. */
    @WithDefault("10s")
    Duration requestTimeout();

    /** How long delivered and abandoned events (and their delivery history) are kept. */
    @WithDefault("7d")
    Duration retention();

    Retry retry();

    Breaker breaker();

    Worker worker();

    /** Exponential backoff: attempt n+1 waits base-delay * multiplier^(n-1), capped, randomised by +-jitter. */
    interface Retry {
        @WithDefault("5s")
        Duration baseDelay();

        @WithDefault("4")
        double multiplier();

        @WithDefault("6h")
        Duration maxDelay();

        /** Attempts per delivery, the first included; with the defaults the last is about a day after the first. */
        @WithDefault("11")
        int maxAttempts();

        /** Each delay is multiplied by a random factor in [1 - jitter, 1 + jitter]. */
        @WithDefault("0.2")
        double jitter();
    }

    /** The per-endpoint circuit breaker. */
    interface Breaker {
        /** Consecutive failed attempts that open it. */
        @WithDefault("5")
        int failureThreshold();

        /** How long it stays open the first time, before one probe delivery is let through. */
        @WithDefault("30s")
        Duration openDuration();

        /** Each reopening doubles the wait, up to this. */
        @WithDefault("30m")
        Duration maxOpenDuration();
    }

    interface Worker {
        /** Whether this instance runs the delivery worker (every instance may: claims never overlap). */
        @WithDefault("true")
        boolean enabled();

        /** How often the worker looks for due deliveries (read by its @Scheduled expression). */
        @WithDefault("1s")
        String interval();

        /** Deliveries one worker claims at a time; they are sent concurrently. */
        @WithDefault("20")
        int batchSize();
    }
}

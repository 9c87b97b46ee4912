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

    /**
     * Webhooks one learner may have (disabled ones count until deleted); one more is a 409 webhook-limit-reached.
     * Ten is more than any real integration needs (one per event type and environment) and bounds what one tenant
     * can make the workers do: with per-target-concurrency 2, at most 20 of an instance's max-in-flight slots.
     */
    @WithDefault("10")
    int maxPerUser();

    /** Longest wait for a receiver to accept the connection. */
    @WithDefault("5s")
    Duration connectTimeout();

    /**
     * Longest a whole delivery may take, from resolving the host name to the end of the response; then it counts as
     * failed (and is retried like any other failure).
     */
    @WithDefault("10s")
    Duration requestTimeout();

    /** How long delivered and abandoned events (and their delivery history) are kept. */
    @WithDefault("7d")
    Duration retention();

    Dns dns();

    Retry retry();

    Breaker breaker();

    Worker worker();

    /**
     * Host names are resolved off the workers, on a pool of their own (WebhookResolver), so that a slow or hanging
     * resolver delays only the deliveries to the names it is slow for.
     */
    interface Dns {
        /** Longest wait for a host name to resolve, within request-timeout; then the attempt fails. */
        @WithDefault("2s")
        Duration timeout();

        /**
         * Lookups running at once. A lookup that hangs holds one thread (lookups of one name are shared), so this many
         * names would have to hang together before other names wait.
         */
        @WithDefault("16")
        int threads();
    }

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

        /**
         * Most deliveries one worker claims at a time. A worker does not wait for them: each is recorded when its own
         * answer (or time-out) comes, and its slot is refilled then.
         */
        @WithDefault("20")
        int batchSize();

        /**
         * Deliveries in flight at once on this instance, to all webhooks: bounds its connections and memory however
         * many receivers are slow.
         */
        @WithDefault("64")
        int maxInFlight();

        /**
         * Deliveries in flight at once to one webhook, on all instances together (counted in the database): a slow
         * receiver holds this many slots, never the worker, so other receivers' deliveries go out meanwhile. Two lets
         * a healthy receiver take a steady stream without reordering much.
         */
        @WithDefault("2")
        int perTargetConcurrency();
    }
}

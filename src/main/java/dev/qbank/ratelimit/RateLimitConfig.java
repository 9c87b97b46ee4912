package dev.qbank.ratelimit;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import io.smallrye.config.WithName;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

/**
 * The rate limiter: one token bucket per policy and partition (client address, user or admin), kept in memory or in
 * Redis. Every key is in docs/operations.md, "Configuration".
 */
@ConfigMapping(prefix = "qbank.rate-limit")
public interface RateLimitConfig {

    /** Off: no limit, no headers (for measuring what the limiter costs). */
    @WithDefault("true")
    boolean enabled();

    /** Where the buckets live: {@code memory} (this instance only) or {@code redis} (shared by every instance). */
    @WithDefault("memory")
    Store store();

    /** Callers without an API key, per client address. */
    Anonymous anonymous();

    /** Learners, per user (all of a user's keys share one quota, so minting keys does not multiply it). */
    User user();

    /** The admin key: one bucket. */
    Admin admin();

    /** POST /v1/users, per client address, on top of the caller's own policy. */
    @WithName("sign-up")
    SignUp signUp();

    /**
     * Proxies (CIDR blocks, e.g. {@code 10.0.0.0/8, 127.0.0.1/32}) whose {@code Forwarded} / {@code X-Forwarded-For}
     * headers are believed. Empty: the client address is the TCP peer, whatever the headers say.
     */
    Optional<List<String>> trustedProxies();

    /**
     * The forwarding header the trusted proxies set, and the only one read: {@code x-forwarded-for} (most proxies and
     * load balancers) or {@code forwarded} (RFC 7239). The other is ignored, whoever sent it.
     */
    @WithDefault("x-forwarded-for")
    ClientAddresses.Header forwardingHeader();

    /** Also send GitHub-style {@code X-RateLimit-Limit}, {@code -Remaining} and {@code -Reset}. */
    @WithDefault("false")
    boolean legacyHeaders();

    Memory memory();

    Redis redis();

    enum Store {
        MEMORY,
        REDIS
    }

    /** A quota: {@code limit} requests per {@code window}, refilled continuously (a token bucket). */
    interface Quota {
        int limit();

        Duration window();
    }

    interface Anonymous extends Quota {
        @Override
        @WithDefault("60")
        int limit();

        @Override
        @WithDefault("60s")
        Duration window();
    }

    interface User extends Quota {
        @Override
        @WithDefault("600")
        int limit();

        @Override
        @WithDefault("60s")
        Duration window();
    }

    interface Admin extends Quota {
        @Override
        @WithDefault("6000")
        int limit();

        @Override
        @WithDefault("60s")
        Duration window();
    }

    interface SignUp extends Quota {
        @Override
        @WithDefault("10")
        int limit();

        @Override
        @WithDefault("1h")
        Duration window();
    }

    interface Memory {
        /** Most buckets kept per policy; beyond it the least recently used go (a fresh bucket is a full one). */
        @WithDefault("100000")
        int maxBuckets();
    }

    interface Redis {
        /** Prefix of every key the limiter writes, e.g. {@code qbank:rate-limit:anonymous:203.0.113.7}. */
        @WithDefault("qbank:rate-limit:")
        String keyPrefix();

        /** Longest a request waits for Redis before it is decided by this instance alone. */
        @WithDefault("300ms")
        Duration timeout();

        /** After a failure, how long the limiter stays on this instance's buckets before it tries Redis again. */
        @WithDefault("2s")
        Duration retryInterval();

        /**
         * Most tokens an instance takes from Redis at once for one busy client and spends locally (a lease); never more
         * than a thousandth of the policy's limit, so policies under 2,000 requests per window are not leased. 1 (or
         * 0) turns leases off: every request goes to Redis.
         */
        @WithDefault("64")
        int leaseMaxTokens();

        /**
         * Whether readiness includes Redis (Quarkus's Redis check, wired in application.properties). Off keeps an
         * instance in rotation through a Redis outage, which the limiter itself survives (it fails open).
         */
        @WithDefault("true")
        boolean readinessCheck();
    }
}

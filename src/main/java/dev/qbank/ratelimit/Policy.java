package dev.qbank.ratelimit;

import io.github.bucket4j.Bandwidth;
import io.github.bucket4j.BucketConfiguration;
import java.time.Duration;

/**
 * A named quota: {@code limit} requests per {@code window}, as a token bucket of that capacity refilled continuously
 * at limit/window (so a client may burst up to the limit, then goes at the average rate). Announced in the
 * {@code RateLimit-Policy} header (draft-ietf-httpapi-ratelimit-headers-11 section 3) as {@code "name";q=limit;w=window}.
 * Immutable; what every request needs is computed once.
 */
public final class Policy {

    private final String name;
    private final int limit;
    private final long windowSeconds;
    private final long nanosPerToken;
    private final String header;
    private final String remainingPrefix;
    private final Bandwidth bandwidth;
    private final BucketConfiguration configuration;

    public Policy(String name, int limit, long windowSeconds) {
        if (limit < 1) {
            throw new IllegalArgumentException("The rate-limit policy " + name + " needs a limit of at least 1");
        }
        if (windowSeconds < 1) {
            throw new IllegalArgumentException(
                    "The rate-limit policy " + name + " needs a window of at least 1 second");
        }
        this.name = name;
        this.limit = limit;
        this.windowSeconds = windowSeconds;
        this.nanosPerToken = Duration.ofSeconds(windowSeconds).toNanos() / limit;
        this.header = "\"" + name + "\";q=" + limit + ";w=" + windowSeconds;
        this.remainingPrefix = "\"" + name + "\";r=";
        // Greedy refill: tokens come back one by one as time passes, not all at once at the end of a window.
        this.bandwidth = Bandwidth.builder()
                .capacity(limit)
                .refillGreedy(limit, Duration.ofSeconds(windowSeconds))
                .build();
        this.configuration = BucketConfiguration.builder().addLimit(bandwidth).build();
    }

    static Policy of(String name, RateLimitConfig.Quota quota) {
        Duration window = quota.window();
        if (window.toNanosPart() != 0) {
            // The header's w is an integer number of seconds; a window it cannot state is refused at start-up.
            throw new IllegalArgumentException(
                    "The rate-limit window of " + name + " must be whole seconds, not " + window);
        }
        return new Policy(name, quota.limit(), window.toSeconds());
    }

    public String name() {
        return name;
    }

    public int limit() {
        return limit;
    }

    public long windowSeconds() {
        return windowSeconds;
    }

    public Duration window() {
        return Duration.ofSeconds(windowSeconds);
    }

    /** Time for one token to come back. */
    public long nanosPerToken() {
        return nanosPerToken;
    }

    public Bandwidth bandwidth() {
        return bandwidth;
    }

    public BucketConfiguration configuration() {
        return configuration;
    }

    /** This policy as a member of the RateLimit-Policy list. */
    public String header() {
        return header;
    }

    /** The start of this policy's member of the RateLimit list, up to its remaining quota. */
    String remainingPrefix() {
        return remainingPrefix;
    }

    @Override
    public String toString() {
        return header;
    }
}

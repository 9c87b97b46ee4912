package dev.qbank.ratelimit;

import io.github.bucket4j.Bandwidth;
import io.github.bucket4j.BucketConfiguration;
import java.time.Duration;

/**
 * A named quota: {@code limit} requests per {@code window}, as a token bucket of that capacity refilled continuously
 * at limit/window (so a client may burst up to the limit, then goes at the average rate). Announced in the
 * {@code RateLimit-Policy} header (draft-ietf-httpapi-ratelimit-headers-11 section 3) as {@code "name";q=limit;w=window}.
 */
public record Policy(String name, int limit, long windowSeconds) {

    public Policy {
        if (limit < 1) {
            throw new IllegalArgumentException("The rate-limit policy " + name + " needs a limit of at least 1");
        }
        if (windowSeconds < 1) {
            throw new IllegalArgumentException("The rate-limit policy " + name + " needs a window of at least 1 second");
        }
    }

    static Policy of(String name, RateLimitConfig.Quota quota) {
        Duration window = quota.window();
        if (window.toNanosPart() != 0) {
            // The header's w is an integer number of seconds; a window it cannot state is refused at start-up.
            throw new IllegalArgumentException("The rate-limit window of " + name + " must be whole seconds, not " + window);
        }
        return new Policy(name, quota.limit(), window.toSeconds());
    }

    public Duration window() {
        return Duration.ofSeconds(windowSeconds);
    }

    /** Time for one token to come back. */
    public long nanosPerToken() {
        return window().toNanos() / limit;
    }

    /** Greedy refill: tokens come back one by one as time passes, not all at once at the end of a window. */
    public Bandwidth bandwidth() {
        return Bandwidth.builder().capacity(limit).refillGreedy(limit, window()).build();
    }

    public BucketConfiguration configuration() {
        return BucketConfiguration.builder().addLimit(bandwidth()).build();
    }

    /** This policy as a member of the RateLimit-Policy list. */
    public String header() {
        return "\"" + name + "\";q=" + limit + ";w=" + windowSeconds;
    }
}

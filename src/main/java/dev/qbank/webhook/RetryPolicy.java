package dev.qbank.webhook;

import java.time.Duration;
import java.time.Instant;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.Optional;

/**
 * When a failed delivery is tried again. Exponential backoff with jitter: after the n-th failed attempt the next waits
 * {@code min(max-delay, base-delay * multiplier^(n-1))}, multiplied by a random factor in [1 - jitter, 1 + jitter] so
 * that deliveries failed together by an outage do not all come back at the same instant. With the defaults (5 s, x4,
 * capped at 6 h, 11 attempts) the retries come after about 5 s, 20 s, 80 s, 5 min, 21 min, 85 min, 5.7 h, 6 h, 6 h
 * and 6 h: the last attempt is about 26 hours after the first. A receiver's Retry-After (RFC 9110 section 10.2.3)
 * wins when it asks for longer, up to max-delay.
 */
public final class RetryPolicy {

    private RetryPolicy() {}

    /**
     * @param failedAttempts attempts made so far, all failed (1 after the first failure)
     * @param random         a number in [0, 1)
     */
    public static Duration backoff(int failedAttempts, WebhookConfig.Retry config, double random) {
        double base = config.baseDelay().toMillis() * Math.pow(config.multiplier(), Math.max(0, failedAttempts - 1));
        double capped = Math.min(base, config.maxDelay().toMillis());
        double factor = 1 - config.jitter() + 2 * config.jitter() * random;
        return Duration.ofMillis(Math.max(0, Math.round(capped * factor)));
    }

    /** The wait before the next attempt: the backoff, or the receiver's Retry-After when longer (capped). */
    public static Duration nextDelay(
            int failedAttempts, Optional<Duration> retryAfter, WebhookConfig.Retry config, double random) {
        Duration backoff = backoff(failedAttempts, config, random);
        if (retryAfter.isPresent() && retryAfter.get().compareTo(backoff) > 0) {
            return retryAfter.get().compareTo(config.maxDelay()) > 0 ? config.maxDelay() : retryAfter.get();
        }
        return backoff;
    }

    /** Retry-After as delay-seconds or an HTTP-date; empty when absent or unreadable. */
    public static Optional<Duration> retryAfter(String value, Instant now) {
        if (value == null || value.isBlank()) {
            return Optional.empty();
        }
        String trimmed = value.trim();
        if (trimmed.chars().allMatch(Character::isDigit)) {
            try {
                return Optional.of(Duration.ofSeconds(Long.parseLong(trimmed)));
            } catch (NumberFormatException e) {
                return Optional.empty();
            }
        }
        try {
            Instant at = ZonedDateTime.parse(trimmed, DateTimeFormatter.RFC_1123_DATE_TIME)
                    .toInstant();
            return Optional.of(at.isAfter(now) ? Duration.between(now, at) : Duration.ZERO);
        } catch (DateTimeParseException e) {
            return Optional.empty();
        }
    }
}

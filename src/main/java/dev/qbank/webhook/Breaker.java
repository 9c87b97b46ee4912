package dev.qbank.webhook;

import java.time.Duration;
import java.time.Instant;

/**
 * The circuit breaker of one webhook endpoint, kept in its row so that every instance shares it. Closed: deliveries
 * flow. After failure-threshold consecutive failed attempts it opens: no delivery to the endpoint is claimed until
 * retry_at. Then it is half-open: exactly one delivery is let through as a probe (the instance that moves it to
 * half_open first sends it). The probe's success closes it; its failure opens it again for twice as long as before,
 * up to max-open-duration. Any success closes it.
 */
public record Breaker(State state, int consecutiveFailures, int opens, Instant retryAt) {

    public enum State {
        CLOSED,
        OPEN,
        HALF_OPEN;

        public String wire() {
            return name().toLowerCase(java.util.Locale.ROOT);
        }

        public static State fromWire(String value) {
            return valueOf(value.toUpperCase(java.util.Locale.ROOT));
        }
    }

    public static Breaker closed() {
        return new Breaker(State.CLOSED, 0, 0, null);
    }

    public Breaker afterSuccess() {
        return closed();
    }

    public Breaker afterFailure(Instant now, WebhookConfig.Breaker config) {
        int failures = consecutiveFailures + 1;
        boolean trips = state == State.HALF_OPEN || (state == State.CLOSED && failures >= config.failureThreshold());
        if (!trips) {
            return new Breaker(state, failures, opens, retryAt);
        }
        int reopenings = opens + 1;
        return new Breaker(State.OPEN, failures, reopenings, now.plus(openDuration(reopenings, config)));
    }

    /** openDuration * 2^(opens-1), capped at maxOpenDuration. */
    static Duration openDuration(int opens, WebhookConfig.Breaker config) {
        long base = config.openDuration().toMillis();
        long max = config.maxOpenDuration().toMillis();
        long wait = opens > 30 ? max : Math.min(max, base << Math.max(0, opens - 1));
        return Duration.ofMillis(wait);
    }
}

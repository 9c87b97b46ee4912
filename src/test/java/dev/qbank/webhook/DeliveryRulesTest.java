package dev.qbank.webhook;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** The pure rules of delivery: signatures, the retry schedule, Retry-After, and the breaker's transitions. */
class DeliveryRulesTest {

    private static final WebhookConfig.Retry DEFAULT_RETRY = new WebhookConfig.Retry() {
        public Duration baseDelay() {
            return Duration.ofSeconds(5);
        }

        public double multiplier() {
            return 4;
        }

        public Duration maxDelay() {
            return Duration.ofHours(6);
        }

        public int maxAttempts() {
            return 11;
        }

        public double jitter() {
            return 0.2;
        }
    };

    private static final WebhookConfig.Breaker DEFAULT_BREAKER = new WebhookConfig.Breaker() {
        public int failureThreshold() {
            return 5;
        }

        public Duration openDuration() {
            return Duration.ofSeconds(30);
        }

        public Duration maxOpenDuration() {
            return Duration.ofMinutes(30);
        }
    };

    @Test
    void signaturesMatchTheStandardWebhooksExample() {
        // The example of the Standard Webhooks specification.
        assertEquals(
                "v1,g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OE=",
                WebhookSignature.sign(
                        "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw",
                        "msg_p5jXN8AQM9LWM0D4loKWxJek",
                        1614265330,
                        "{\"test\": 2432232314}"));
        String secret = WebhookSignature.newSecret();
        assertTrue(secret.startsWith("whsec_"));
        assertEquals(32, java.util.Base64.getDecoder().decode(secret.substring(6)).length);
    }

    @Test
    void retriesStartWithinSecondsAndGrowToAboutADay() {
        // The middle of the jitter range (random = 0.5) is the nominal schedule.
        long[] expected = {5, 20, 80, 320, 1280, 5120, 20480, 21600, 21600, 21600};
        long total = 0;
        for (int failed = 1; failed <= 10; failed++) {
            long delay = RetryPolicy.backoff(failed, DEFAULT_RETRY, 0.5).toSeconds();
            assertEquals(expected[failed - 1], delay, "after failure " + failed);
            total += delay;
        }
        assertTrue(
                total > Duration.ofHours(24).toSeconds()
                        && total < Duration.ofHours(28).toSeconds(),
                "about a day: " + total);
        assertEquals(4000, RetryPolicy.backoff(1, DEFAULT_RETRY, 0.0).toMillis(), "jitter -20%");
        assertEquals(6000, RetryPolicy.backoff(1, DEFAULT_RETRY, 0.999999).toMillis(), 1, "jitter +20%");
    }

    @Test
    void aLongerRetryAfterWinsUpToTheMaximumDelay() {
        Instant now = Instant.parse("2026-11-28T09:00:00Z");
        assertEquals(Optional.of(Duration.ofSeconds(120)), RetryPolicy.retryAfter("120", now));
        assertEquals(Optional.of(Duration.ofSeconds(90)), RetryPolicy.retryAfter("Sat, 28 Nov 2026 09:01:30 GMT", now));
        assertEquals(Optional.empty(), RetryPolicy.retryAfter("soon", now));
        assertEquals(
                Duration.ofSeconds(120),
                RetryPolicy.nextDelay(1, Optional.of(Duration.ofSeconds(120)), DEFAULT_RETRY, 0.5));
        assertEquals(
                Duration.ofSeconds(5),
                RetryPolicy.nextDelay(1, Optional.of(Duration.ofSeconds(1)), DEFAULT_RETRY, 0.5));
        assertEquals(
                Duration.ofHours(6), RetryPolicy.nextDelay(1, Optional.of(Duration.ofDays(3)), DEFAULT_RETRY, 0.5));
    }

    @Test
    void theBreakerOpensAtTheThresholdProbesAndBacksOffOnEachReopening() {
        Instant now = Instant.parse("2026-11-28T09:00:00Z");
        Breaker breaker = Breaker.closed();
        for (int i = 0; i < 4; i++) {
            breaker = breaker.afterFailure(now, DEFAULT_BREAKER);
            assertEquals(Breaker.State.CLOSED, breaker.state());
        }
        breaker = breaker.afterFailure(now, DEFAULT_BREAKER);
        assertEquals(Breaker.State.OPEN, breaker.state());
        assertEquals(now.plusSeconds(30), breaker.retryAt());
        // A failure recorded while open (a delivery already in flight) does not extend it.
        assertEquals(
                now.plusSeconds(30),
                breaker.afterFailure(now.plusSeconds(1), DEFAULT_BREAKER).retryAt());
        Breaker probing = new Breaker(Breaker.State.HALF_OPEN, breaker.consecutiveFailures(), breaker.opens(), null);
        Breaker reopened = probing.afterFailure(now, DEFAULT_BREAKER);
        assertEquals(Breaker.State.OPEN, reopened.state());
        assertEquals(now.plusSeconds(60), reopened.retryAt(), "twice as long");
        assertEquals(Duration.ofMinutes(30), Breaker.openDuration(20, DEFAULT_BREAKER), "capped");
        Breaker closed = reopened.afterSuccess();
        assertEquals(Breaker.State.CLOSED, closed.state());
        assertEquals(0, closed.consecutiveFailures());
        assertNull(closed.retryAt());
    }
}

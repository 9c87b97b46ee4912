package dev.qbank.ratelimit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import io.github.bucket4j.Bucket;
import io.github.bucket4j.TimeMeter;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** The header arithmetic, on a real Bucket4j bucket with a clock the test moves. */
class DecisionTest {

    private static final class Clock implements TimeMeter {
        long nanos;

        @Override
        public long currentTimeNanos() {
            return nanos;
        }

        @Override
        public boolean isWallClockBased() {
            return false;
        }
    }

    private final Clock clock = new Clock();
    private final Policy policy = new Policy("anonymous", 60, 60);
    private final Bucket bucket = Bucket.builder()
            .addLimit(policy.bandwidth())
            .withCustomTimePrecision(clock)
            .build();
    private final Charge charge = new Charge(policy, "203.0.113.9");

    private Decision take() {
        return new Decision(
                List.of(Decision.Outcome.of(
                        charge, new BucketStore.Taken(bucket.tryConsumeAndReturnRemaining(1), null))),
                0);
    }

    @Test
    void theEffectiveWindowIsTheTimeUntilTheNextTokenComesBack() {
        assertEquals("\"anonymous\";r=59;t=1", take().rateLimitHeader());
        clock.nanos = TimeUnit.MILLISECONDS.toNanos(300);
        assertEquals("\"anonymous\";r=58;t=1", take().rateLimitHeader());
        assertEquals("\"anonymous\";q=60;w=60", take().policyHeader());
    }

    @Test
    void aRefusalSaysWhenToRetryAndTheEffectiveWindowAgrees() {
        Policy slow = new Policy("sign-up", 10, 3600);
        Bucket signUps = Bucket.builder()
                .addLimit(slow.bandwidth())
                .withCustomTimePrecision(clock)
                .build();
        Charge signUp = new Charge(slow, "203.0.113.9");
        for (int i = 0; i < 10; i++) {
            signUps.tryConsume(1);
        }
        clock.nanos = TimeUnit.SECONDS.toNanos(100);
        Decision refused = new Decision(
                List.of(Decision.Outcome.of(
                        signUp, new BucketStore.Taken(signUps.tryConsumeAndReturnRemaining(1), null))),
                0);
        assertFalse(refused.allowed());
        assertEquals(List.of("sign-up"), refused.violatedPolicies());
        assertEquals(260, refused.retryAfterSeconds()); // one token per 360 s, 100 s of it gone
        assertEquals("\"sign-up\";r=0;t=260", refused.rateLimitHeader());
    }

    @Test
    void aRefundGivesTheTokenBackInTheHeaders() {
        take();
        Decision second = take();
        assertEquals("\"anonymous\";r=58;t=1", second.rateLimitHeader());
        assertEquals("\"anonymous\";r=59;t=1", second.refunded().rateLimitHeader());
    }

    @Test
    void githubResetIsWhenTheBucketIsFullAgain() {
        for (int i = 0; i < 30; i++) {
            take();
        }
        Decision decision = new Decision(
                List.of(Decision.Outcome.of(
                        charge, new BucketStore.Taken(bucket.tryConsumeAndReturnRemaining(1), null))),
                1_000_000L);
        assertEquals(1_000 + 31, decision.resetEpochSeconds());
    }
}

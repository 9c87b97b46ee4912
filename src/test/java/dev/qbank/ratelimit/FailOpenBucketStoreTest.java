package dev.qbank.ratelimit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Fail open to this instance's buckets: no error, no hang, one warning a minute, back to Redis on its own. */
class FailOpenBucketStoreTest {

    /** A Redis stand-in that fails, hangs, or works, as the test says. */
    private static final class FlakyStore implements BucketStore {
        enum Mode {
            FAIL,
            HANG,
            WORK
        }

        volatile Mode mode = Mode.FAIL;
        final AtomicInteger calls = new AtomicInteger();
        final MemoryBucketStore buckets = new MemoryBucketStore(100);

        @Override
        public CompletionStage<Taken> tryConsume(Charge charge) {
            calls.incrementAndGet();
            return switch (mode) {
                case FAIL -> CompletableFuture.failedFuture(new IllegalStateException("connection refused"));
                case HANG -> new CompletableFuture<>();
                case WORK -> buckets.tryConsume(charge);
            };
        }

        @Override
        public CompletionStage<Void> refund(Charge charge) {
            return mode == Mode.WORK ? buckets.refund(charge) : new CompletableFuture<>();
        }
    }

    private final FlakyStore redis = new FlakyStore();
    private final MemoryBucketStore local = new MemoryBucketStore(100);
    private final SimpleMeterRegistry metrics = new SimpleMeterRegistry();
    private final FailOpenBucketStore store =
            new FailOpenBucketStore(redis, local, Duration.ofMillis(100), Duration.ofMillis(200), metrics);
    private final Charge charge = new Charge(new Policy("anonymous", 3, 3600), "203.0.113.9");
    private final List<LogRecord> warnings = new ArrayList<>();
    private final Handler capture = new Handler() {
        @Override
        public void publish(LogRecord record) {
            if (record.getLevel().intValue() >= Level.WARNING.intValue()) {
                warnings.add(record);
            }
        }

        @Override
        public void flush() {}

        @Override
        public void close() {}
    };

    @BeforeEach
    void captureWarnings() {
        Logger.getLogger(FailOpenBucketStore.class.getName()).addHandler(capture);
    }

    @AfterEach
    void releaseWarnings() {
        Logger.getLogger(FailOpenBucketStore.class.getName()).removeHandler(capture);
    }

    private BucketStore.Taken take() throws Exception {
        return store.tryConsume(charge).toCompletableFuture().get(1, TimeUnit.SECONDS);
    }

    private double counter(String name) {
        return metrics.get(name).counter().count();
    }

    @Test
    void aFailingRedisIsReplacedByTheLocalBucketsThatStillLimit() throws Exception {
        for (int i = 0; i < 3; i++) {
            BucketStore.Taken taken = take();
            assertTrue(taken.probe().isConsumed());
            assertSame(local, taken.store(), "decided, and refunded, by the local buckets");
        }
        assertFalse(take().probe().isConsumed(), "the local buckets enforce the quota too");
        assertTrue(store.degraded());
        assertEquals(1, redis.calls.get(), "after a failure Redis is left alone for the retry interval");
        assertEquals(1, counter("qbank.rate-limit.store.failures"));
        assertEquals(4, counter("qbank.rate-limit.store.fallback"));
        assertEquals(1, warnings.size());
    }

    @Test
    void aRedisThatDoesNotAnswerCostsAtMostTheTimeout() throws Exception {
        redis.mode = FlakyStore.Mode.HANG;
        long start = System.nanoTime();
        assertTrue(take().probe().isConsumed());
        long millis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
        assertTrue(millis >= 90 && millis < 600, "took " + millis + " ms");
        start = System.nanoTime();
        take();
        assertTrue(
                TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start) < 50, "the next request does not wait again");
    }

    @Test
    void redisIsTriedAgainAfterTheIntervalAndUsedOnceItAnswers() throws Exception {
        take();
        Thread.sleep(250);
        take();
        assertEquals(2, redis.calls.get());
        assertEquals(2, counter("qbank.rate-limit.store.failures"));
        assertEquals(1, warnings.size(), "the warning is not repeated for every failure");

        redis.mode = FlakyStore.Mode.WORK;
        Thread.sleep(250);
        BucketStore.Taken taken = take();
        assertSame(store, taken.store(), "decided by Redis again");
        assertFalse(store.degraded());
        take();
        assertEquals(4, redis.calls.get());
    }

    @Test
    void aRefundThatRedisCannotTakeIsDroppedQuietly() throws Exception {
        redis.mode = FlakyStore.Mode.HANG;
        store.refund(charge).toCompletableFuture().get(1, TimeUnit.SECONDS);
    }
}

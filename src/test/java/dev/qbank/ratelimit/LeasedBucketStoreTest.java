package dev.qbank.ratelimit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.bucket4j.Bucket;
import io.github.bucket4j.ConsumptionProbe;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** Leases never let instances together allow more than the shared quota, and keep the RateLimit count truthful. */
class LeasedBucketStoreTest {

    /** One shared bucket standing for the Redis key every instance updates; counts the round trips. */
    private static final class SharedBucket implements LeasedBucketStore.SharedBuckets {
        final Bucket bucket;
        final AtomicInteger trips = new AtomicInteger();

        SharedBucket(Policy policy) {
            this.bucket = Bucket.builder().addLimit(policy.bandwidth()).build();
        }

        @Override
        public CompletionStage<ConsumptionProbe> take(Charge charge, long tokens) {
            trips.incrementAndGet();
            return CompletableFuture.completedFuture(bucket.tryConsumeAndReturnRemaining(tokens));
        }

        @Override
        public CompletionStage<Taken> tryConsume(Charge charge) {
            return take(charge, 1).thenApply(probe -> new Taken(probe, this));
        }

        @Override
        public CompletionStage<Void> refund(Charge charge) {
            trips.incrementAndGet();
            bucket.addTokens(1);
            return CompletableFuture.completedFuture(null);
        }
    }

    // A refill of one token every 36 s: none during a test.
    private static final Policy BIG = new Policy("anonymous", 10_000, 360_000_000L);
    private static final Charge CLIENT = new Charge(BIG, "203.0.113.7");

    private static ConsumptionProbe take(BucketStore store, Charge charge) throws Exception {
        return store.tryConsume(charge).toCompletableFuture().get().probe();
    }

    @Test
    void aSmallQuotaIsNotLeased() throws Exception {
        Policy small = new Policy("anonymous", 60, 60);
        Charge charge = new Charge(small, "203.0.113.8");
        SharedBucket redis = new SharedBucket(small);
        LeasedBucketStore store = new LeasedBucketStore(redis, 64, 100);
        for (int i = 0; i < 60; i++) {
            ConsumptionProbe probe = take(store, charge);
            assertTrue(probe.isConsumed());
            assertEquals(59 - i, probe.getRemainingTokens());
        }
        assertFalse(take(store, charge).isConsumed());
        assertEquals(61, redis.trips.get(), "one round trip per request, as without leases");
    }

    @Test
    void aBusyClientIsDecidedLocallyAndItsCountStaysExactOnOneInstance() throws Exception {
        SharedBucket redis = new SharedBucket(BIG);
        LeasedBucketStore store = new LeasedBucketStore(redis, 64, 100);
        for (int i = 0; i < 2_000; i++) {
            ConsumptionProbe probe = take(store, CLIENT);
            assertTrue(probe.isConsumed());
            assertEquals(9_999 - i, probe.getRemainingTokens(), "request " + (i + 1));
        }
        assertEquals(10, store.cap(BIG), "at most a thousandth of the quota");
        // Leases of 1, 2, 4, 8, then 10 tokens: a tenth of the round trips.
        assertTrue(redis.trips.get() <= 2_000 / 10 + 5, redis.trips.get() + " round trips for 2,000 requests");
    }

    @Test
    void twoInstancesTogetherNeverAllowMoreThanTheQuota() throws Exception {
        SharedBucket redis = new SharedBucket(BIG);
        LeasedBucketStore a = new LeasedBucketStore(redis, 64, 100);
        LeasedBucketStore b = new LeasedBucketStore(redis, 64, 100);
        int allowed = 0;
        int refusedInARow = 0;
        for (int i = 0; refusedInARow < 4 && i < 20_000; i++) {
            // Bursts on one instance, then the other, as a load balancer may send them.
            LeasedBucketStore instance = (i / 7) % 2 == 0 ? a : b;
            if (take(instance, CLIENT).isConsumed()) {
                allowed++;
                refusedInARow = 0;
            } else {
                refusedInARow++;
            }
        }
        assertTrue(allowed <= 10_000, allowed + " allowed");
        // What the leases held back when the bucket ran dry: a few tokens, never more than two leases per instance.
        assertTrue(allowed >= 10_000 - 2 * 2 * 10, allowed + " allowed");
    }

    @Test
    void aRefundGoesBackIntoTheLease() throws Exception {
        SharedBucket redis = new SharedBucket(BIG);
        LeasedBucketStore store = new LeasedBucketStore(redis, 64, 100);
        for (int i = 0; i < 100; i++) {
            take(store, CLIENT);
        }
        int trips = redis.trips.get();
        store.refund(CLIENT).toCompletableFuture().get();
        assertEquals(trips, redis.trips.get(), "no round trip for a refund into a live lease");
        assertEquals(9_900, take(store, CLIENT).getRemainingTokens(), "the refunded token is there again");
    }
}

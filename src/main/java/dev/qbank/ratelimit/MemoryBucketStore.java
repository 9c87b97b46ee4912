package dev.qbank.ratelimit;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import io.github.bucket4j.Bucket;
import io.github.bucket4j.local.SynchronizationStrategy;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Buckets in this instance's memory: Bucket4j's local buckets in Caffeine caches, one per policy. A bucket
 * left alone for its policy's window is full again, exactly what a new one would be, so it is dropped then; the
 * size bound caps memory when many addresses come and go (a dropped bucket comes back full: the cost is leniency,
 * never a wrong refusal).
 */
final class MemoryBucketStore implements BucketStore {

    private static final CompletableFuture<Void> DONE = CompletableFuture.completedFuture(null);

    private final Map<String, Cache<String, Bucket>> buckets = new ConcurrentHashMap<>();
    private final int maxBuckets;

    MemoryBucketStore(int maxBuckets) {
        this.maxBuckets = maxBuckets;
    }

    @Override
    public CompletionStage<Taken> tryConsume(Charge charge) {
        return CompletableFuture.completedFuture(new Taken(bucket(charge).tryConsumeAndReturnRemaining(1), this));
    }

    @Override
    public CompletionStage<Void> refund(Charge charge) {
        bucket(charge).addTokens(1);
        return DONE;
    }

    /** Buckets currently held, for tests. */
    long size() {
        return buckets.values().stream().mapToLong(Cache::estimatedSize).sum();
    }

    private Bucket bucket(Charge charge) {
        Policy policy = charge.policy();
        return buckets.computeIfAbsent(policy.name(), name -> Caffeine.newBuilder()
                        .expireAfterAccess(policy.window())
                        .maximumSize(maxBuckets)
                        .build())
                // A lock rather than Bucket4j's default lock-free loop: a client's requests often arrive together, and
                // under contention the lock-free loop retries with a new state object per attempt.
                .get(charge.partition(), partition -> Bucket.builder()
                        .addLimit(policy.bandwidth())
                        .withSynchronizationStrategy(SynchronizationStrategy.SYNCHRONIZED)
                        .build());
    }
}

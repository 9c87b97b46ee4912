package dev.qbank.ratelimit;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import io.github.bucket4j.ConsumptionProbe;
import io.github.bucket4j.distributed.AsyncBucketProxy;
import io.github.bucket4j.distributed.ExpirationAfterWriteStrategy;
import io.github.bucket4j.distributed.proxy.AsyncProxyManager;
import io.github.bucket4j.distributed.proxy.ClientSideConfig;
import io.github.bucket4j.distributed.proxy.optimization.Optimizations;
import io.vertx.redis.client.Redis;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

/**
 * Buckets in Redis, shared by every instance. Each request is at most one GET and one compare-and-swap (see
 * {@link RedisProxyManager}); requests for the same bucket that arrive while one is in flight are batched into the
 * next single compare-and-swap (Bucket4j's batching optimization), so a busy client does not make instances fight
 * over its key. Each command is bounded by the time-out; failures are passed on: {@link FailOpenBucketStore} decides
 * what they mean.
 */
final class RedisBucketStore implements LeasedBucketStore.SharedBuckets {

    private final AsyncProxyManager<String> buckets;
    private final String keyPrefix;
    /** Batching works per proxy object, so a client's proxy is kept while the client is active. */
    private final Cache<String, AsyncBucketProxy> proxies;

    RedisBucketStore(Redis redis, String keyPrefix, Duration timeout, int maxProxies) {
        ClientSideConfig config = ClientSideConfig.getDefault()
                .withRequestTimeout(timeout)
                // Redis drops a key once its bucket would be full again: the same as no key at all.
                .withExpirationAfterWriteStrategy(
                        ExpirationAfterWriteStrategy.basedOnTimeForRefillingBucketUpToMax(Duration.ZERO));
        this.buckets = new RedisProxyManager(redis, config, maxProxies).asAsync();
        this.keyPrefix = keyPrefix;
        this.proxies = Caffeine.newBuilder()
                .maximumSize(maxProxies)
                .expireAfterAccess(Duration.ofMinutes(1))
                .build();
    }

    /** The Redis key of a bucket, e.g. qbank:rate-limit:anonymous:203.0.113.7. */
    String key(Charge charge) {
        return keyPrefix + charge.policy().name() + ":" + charge.partition();
    }

    @Override
    public CompletionStage<Taken> tryConsume(Charge charge) {
        return proxy(charge).tryConsumeAndReturnRemaining(1).thenApply(probe -> new Taken(probe, this));
    }

    @Override
    public CompletionStage<ConsumptionProbe> take(Charge charge, long tokens) {
        return proxy(charge).tryConsumeAndReturnRemaining(tokens);
    }

    @Override
    public CompletionStage<Void> refund(Charge charge) {
        return proxy(charge).addTokens(1);
    }

    private AsyncBucketProxy proxy(Charge charge) {
        String key = key(charge);
        return proxies.get(key, k -> buckets.builder()
                .withOptimization(Optimizations.batching())
                .build(
                        k,
                        () -> CompletableFuture.completedFuture(charge.policy().configuration())));
    }
}

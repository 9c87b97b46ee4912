package dev.qbank.ratelimit;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicLong;
import org.jboss.logging.Logger;

/**
 * Fail open, but not unlimited: when Redis fails or does not answer in time, the request is decided by this
 * instance's own buckets, so during an outage each instance still enforces the quota on what it sees (N instances
 * allow at most N times the quota) and nothing fails or hangs because of the limiter. After a failure Redis is left
 * alone for the retry interval (no request waits on a server known to be down), then tried again: recovery needs no
 * restart. Each failure counts in {@code qbank_rate_limit_store_failures_total}; the warning is logged at most once
 * per minute.
 */
final class FailOpenBucketStore implements BucketStore {

    private static final Logger LOG = Logger.getLogger(FailOpenBucketStore.class);
    private static final long WARN_EVERY_NANOS = Duration.ofMinutes(1).toNanos();

    private final BucketStore primary;
    private final BucketStore fallback;
    private final long timeoutNanos;
    private final long retryIntervalNanos;
    private final Counter failures;
    private final Counter fallbackDecisions;
    private final AtomicLong lastWarning = new AtomicLong(System.nanoTime() - WARN_EVERY_NANOS);
    /** System.nanoTime() until which requests go straight to the fallback; 0 when Redis is in use. */
    private volatile long bypassUntil;

    private volatile boolean degraded;

    FailOpenBucketStore(
            BucketStore primary,
            BucketStore fallback,
            Duration timeout,
            Duration retryInterval,
            MeterRegistry metrics) {
        this.primary = primary;
        this.fallback = fallback;
        this.timeoutNanos = timeout.toNanos();
        this.retryIntervalNanos = retryInterval.toNanos();
        this.failures = Counter.builder("qbank.rate-limit.store.failures")
                .description(
                        "Rate-limit store (Redis) operations that failed or timed out; the request was decided locally")
                .register(metrics);
        this.fallbackDecisions = Counter.builder("qbank.rate-limit.store.fallback")
                .description("Rate-limit decisions made by this instance's own buckets because Redis was unavailable")
                .register(metrics);
        metrics.gauge("qbank.rate-limit.store.degraded", this, store -> store.degraded ? 1 : 0);
    }

    boolean degraded() {
        return degraded;
    }

    @Override
    public CompletionStage<Taken> tryConsume(Charge charge) {
        if (bypassing()) {
            fallbackDecisions.increment();
            return fallback.tryConsume(charge);
        }
        CompletionStage<Taken> attempt = attempt(() -> primary.tryConsume(charge));
        CompletableFuture<Taken> now = attempt.toCompletableFuture();
        if (now.isDone() && !now.isCompletedExceptionally()) {
            // Decided without waiting (a lease): no time-out to arm.
            recovered();
            return CompletableFuture.completedFuture(new Taken(now.join().probe(), this));
        }
        return bounded(attempt)
                .handle((taken, error) -> {
                    if (error == null) {
                        recovered();
                        return CompletableFuture.completedStage(new Taken(taken.probe(), this));
                    }
                    failed(error);
                    fallbackDecisions.increment();
                    return fallback.tryConsume(charge);
                })
                .thenCompose(stage -> stage);
    }

    /**
     * Gives back a token that Redis gave (one the fallback gave goes back to the fallback: see {@link Taken#store()}).
     * A refund that fails is dropped: the client loses one token, which is not worth failing a request for.
     */
    @Override
    public CompletionStage<Void> refund(Charge charge) {
        return bounded(attempt(() -> primary.refund(charge))).exceptionally(error -> {
            LOG.debugf("A rate-limit refund was lost: %s", error.toString());
            return null;
        });
    }

    private boolean bypassing() {
        long until = bypassUntil;
        return until != 0 && System.nanoTime() - until < 0;
    }

    private void recovered() {
        if (degraded) {
            degraded = false;
            bypassUntil = 0;
            LOG.info("Redis answers again: rate limits are shared by all instances again");
        }
    }

    private void failed(Throwable error) {
        failures.increment();
        degraded = true;
        bypassUntil = System.nanoTime() + retryIntervalNanos;
        long now = System.nanoTime();
        long last = lastWarning.get();
        if (now - last >= WARN_EVERY_NANOS && lastWarning.compareAndSet(last, now)) {
            Throwable cause = error instanceof java.util.concurrent.CompletionException && error.getCause() != null
                    ? error.getCause()
                    : error;
            String why = cause instanceof TimeoutException ? "did not answer in time" : "failed: " + cause;
            LOG.warnf(
                    "Rate-limit store Redis %s; limiting per instance until it is back (retrying every %d ms; "
                            + "failures so far: %.0f; this warning is logged at most once a minute)",
                    why, retryIntervalNanos / 1_000_000, failures.count());
        }
    }

    /** The whole operation, compare-and-swap retries included, answers within the time-out or counts as failed. */
    private <T> CompletionStage<T> bounded(CompletionStage<T> operation) {
        return operation.toCompletableFuture().orTimeout(timeoutNanos, TimeUnit.NANOSECONDS);
    }

    /** Runs an operation, turning an exception thrown before it even returned a stage into a failed stage. */
    private static <T> CompletionStage<T> attempt(java.util.function.Supplier<CompletionStage<T>> operation) {
        try {
            return operation.get();
        } catch (RuntimeException e) {
            return CompletableFuture.failedStage(e);
        }
    }
}

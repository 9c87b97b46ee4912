package dev.qbank.ratelimit;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import io.github.bucket4j.ConsumptionProbe;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import org.jboss.logging.Logger;

/**
 * Leases in front of the shared (Redis) buckets, so that a busy client's requests are decided in this instance's
 * memory, without a round trip each: tokens are taken from Redis a few at a time and spent here. A token is always
 * taken from the shared bucket before it is spent, so all instances together never allow more than the quota; what a
 * lease can do is hold back tokens another instance could have used, so leases are kept small and short:
 * <ul>
 *   <li>a lease is at most {@code maxTokens} and at most 1/{@value #QUOTA_SHARE} of the policy's limit (a policy of
 *       fewer than {@value #MIN_LIMIT} requests per window gets none: every request goes to Redis, as before);
 *   <li>it grows (doubling from 1, which is no lease at all) only while a client's requests come back within
 *       {@value #GROW_WITHIN_MILLIS} ms of the last fetch, shrinks when tokens go unspent, and falls back to 1 when
 *       Redis has fewer than {@value #LOW_WATER} leases' worth left, so the last tokens of a quota are taken one by
 *       one, exactly as without leases;
 *   <li>unspent tokens are dropped {@value #MAX_AGE_MILLIS} ms after the fetch (the shared bucket refills them at its
 *       own rate: at most limit/{@value #QUOTA_SHARE} tokens, one thousandth of the window's refill).
 * </ul>
 * The RateLimit header stays truthful: a request spent from a lease reports what Redis had left at the fetch, plus
 * the refill since, plus what this instance still holds; it lags other instances' requests by at most the lease's
 * age. Refunds (a 304) go back into the lease they came from while it lasts, else to Redis.
 */
final class LeasedBucketStore implements BucketStore {

    private static final Logger LOG = Logger.getLogger(LeasedBucketStore.class);
    static final int QUOTA_SHARE = 1000;
    static final int MIN_LIMIT = 2 * QUOTA_SHARE;
    static final long GROW_WITHIN_MILLIS = 100;
    static final long MAX_AGE_MILLIS = 500;
    static final int LOW_WATER = 10;
    private static final long GROW_WITHIN_NANOS =
            Duration.ofMillis(GROW_WITHIN_MILLIS).toNanos();
    private static final long MAX_AGE_NANOS = Duration.ofMillis(MAX_AGE_MILLIS).toNanos();
    private static final CompletableFuture<Void> DONE = CompletableFuture.completedFuture(null);

    /** Takes tokens from the shared bucket: the one round trip a lease costs. */
    interface SharedBuckets extends BucketStore {
        CompletionStage<ConsumptionProbe> take(Charge charge, long tokens);
    }

    private final SharedBuckets shared;
    private final int maxTokens;
    private final Cache<Charge, Lease> leases;

    LeasedBucketStore(SharedBuckets shared, int maxTokens, int maxLeases) {
        this.shared = shared;
        this.maxTokens = maxTokens;
        this.leases = Caffeine.newBuilder()
                .maximumSize(maxLeases)
                .expireAfterAccess(Duration.ofMinutes(1))
                .build();
    }

    /** The largest lease of a policy; below 2 the policy is not leased. */
    int cap(Policy policy) {
        return Math.min(maxTokens, policy.limit() / QUOTA_SHARE);
    }

    @Override
    public CompletionStage<Taken> tryConsume(Charge charge) {
        int cap = cap(charge.policy());
        if (cap < 2) {
            return shared.tryConsume(charge);
        }
        Lease lease = leases.get(charge, c -> new Lease(c.policy()));
        long now = System.nanoTime();
        ConsumptionProbe spent = null;
        long prefetch = 0;
        long fetch = 0;
        synchronized (lease) {
            lease.expire(now);
            if (lease.left > 0) {
                lease.left--;
                spent = lease.probe(now);
                if (!lease.fetching && lease.size > 1 && lease.left <= lease.size / 2) {
                    prefetch = lease.startFetch(now, cap); // the next lease before this one runs out
                }
            } else if (!lease.fetching) {
                fetch = lease.startFetch(now, cap); // this request's own token and the lease's
            }
        }
        if (prefetch > 0) {
            fetch(charge, lease, prefetch, false).whenComplete((t, error) -> {
                if (error != null) {
                    LOG.debugf("A rate-limit lease could not be fetched: %s", error.toString());
                }
            });
        }
        if (spent != null) {
            return CompletableFuture.completedFuture(new Taken(spent, this));
        }
        if (fetch > 0) {
            return fetch(charge, lease, fetch, true);
        }
        // A fetch is on its way and nothing is left meanwhile: this request takes its own token.
        return shared.take(charge, 1).thenApply(probe -> new Taken(lease.withHeld(probe), this));
    }

    /** Takes {@code tokens} from Redis: the first for the request itself when {@code own}, the rest for the lease. */
    private CompletionStage<Taken> fetch(Charge charge, Lease lease, long tokens, boolean own) {
        CompletionStage<ConsumptionProbe> taken;
        try {
            taken = shared.take(charge, tokens);
        } catch (RuntimeException e) {
            taken = CompletableFuture.failedFuture(e);
        }
        return taken.handle((probe, error) -> {
                    synchronized (lease) {
                        lease.fetching = false;
                        if (error == null) {
                            lease.fetched(probe, own ? tokens - 1 : tokens, System.nanoTime());
                        }
                    }
                    if (error != null) {
                        return CompletableFuture.<Taken>failedFuture(error);
                    }
                    if (!own) {
                        return CompletableFuture.<Taken>completedFuture(null);
                    }
                    if (probe.isConsumed() || tokens == 1) {
                        return CompletableFuture.completedFuture(new Taken(lease.withHeld(probe), this));
                    }
                    // Fewer than a lease's worth left: this request alone, exactly as without leases.
                    return shared.take(charge, 1).thenApply(alone -> new Taken(lease.withHeld(alone), this));
                })
                .thenCompose(stage -> stage);
    }

    @Override
    public CompletionStage<Void> refund(Charge charge) {
        Lease lease = cap(charge.policy()) < 2 ? null : leases.getIfPresent(charge);
        if (lease != null) {
            synchronized (lease) {
                if (lease.refund(System.nanoTime())) {
                    return DONE;
                }
            }
        }
        return shared.refund(charge);
    }

    /** One client's lease of one policy in this instance. Guarded by its own monitor. */
    static final class Lease {
        private final Policy policy;
        /** Tokens the next fetch takes; 1 means no lease (the request's own token only). */
        int size = 1;
        /** Taken from Redis, not spent yet. */
        long left;
        /** What Redis said at the last fetch: tokens left there, and nanoseconds until its bucket is full. */
        private long remaining;

        private long nanosToFull;
        private long fetchedAt;
        private long lastFetchStart = Long.MIN_VALUE;
        boolean fetching;

        Lease(Policy policy) {
            this.policy = policy;
        }

        /** Marks a fetch as begun and says how many tokens it takes, growing the lease while requests keep coming. */
        long startFetch(long now, int cap) {
            if (lastFetchStart != Long.MIN_VALUE && now - lastFetchStart < GROW_WITHIN_NANOS) {
                size = Math.min(cap, size * 2);
            }
            lastFetchStart = now;
            fetching = true;
            return size;
        }

        void fetched(ConsumptionProbe probe, long leased, long now) {
            if (!probe.isConsumed()) {
                size = 1;
                return;
            }
            left += leased;
            remaining = probe.getRemainingTokens();
            nanosToFull = probe.getNanosToWaitForReset();
            fetchedAt = now;
            if (remaining < (long) LOW_WATER * size) {
                size = 1; // near the end of the quota: one token at a time
            }
        }

        /** Drops what is left of a lease that has outlived its age, and takes smaller ones from then on. */
        void expire(long now) {
            if (left > 0 && now - fetchedAt > MAX_AGE_NANOS) {
                left = 0;
                size = Math.max(1, size / 2);
            }
        }

        /** A token back into a live lease; false when there is none (the token goes back to Redis). */
        boolean refund(long now) {
            expire(now);
            if (left == 0 && now - fetchedAt > MAX_AGE_NANOS) {
                return false;
            }
            left++;
            return true;
        }

        /** What the client has left, as this instance knows it: Redis at the fetch, its refill since, and the lease. */
        ConsumptionProbe probe(long now) {
            long elapsed = Math.max(0, now - fetchedAt);
            long capacity = policy.limit();
            long inRedis = Math.min(capacity, remaining + elapsed / policy.nanosPerToken());
            return ConsumptionProbe.consumed(Math.min(capacity, inRedis + left), Math.max(0, nanosToFull - elapsed));
        }

        /**
         * A probe from Redis, with the tokens this instance holds for the client added to what is left; a refusal that
         * crossed a lease arriving is served from that lease instead.
         */
        synchronized ConsumptionProbe withHeld(ConsumptionProbe probe) {
            long now = System.nanoTime();
            expire(now);
            if (left == 0) {
                return probe;
            }
            if (!probe.isConsumed()) {
                left--;
                return probe(now);
            }
            return ConsumptionProbe.consumed(
                    Math.min(policy.limit(), probe.getRemainingTokens() + left), probe.getNanosToWaitForReset());
        }
    }
}

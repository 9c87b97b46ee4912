package dev.qbank.ratelimit;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import io.github.bucket4j.distributed.ExpirationAfterWriteStrategy;
import io.github.bucket4j.distributed.proxy.ClientSideConfig;
import io.github.bucket4j.distributed.proxy.generic.compare_and_swap.AbstractCompareAndSwapBasedProxyManager;
import io.github.bucket4j.distributed.proxy.generic.compare_and_swap.AsyncCompareAndSwapOperation;
import io.github.bucket4j.distributed.proxy.generic.compare_and_swap.CompareAndSwapOperation;
import io.github.bucket4j.distributed.remote.RemoteBucketState;
import io.github.bucket4j.redis.consts.LuaScripts;
import io.vertx.redis.client.Command;
import io.vertx.redis.client.Redis;
import io.vertx.redis.client.Request;
import io.vertx.redis.client.Response;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.HexFormat;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.UnaryOperator;

/**
 * Bucket4j's compare-and-swap proxy manager on the Quarkus Redis client: a bucket's state is one Redis string; an
 * update reads it (GET), computes the new state here, and writes it with Bucket4j's Lua scripts only if nobody changed
 * it meanwhile (else Bucket4j retries), with a TTL of the time until the bucket is full again. So any number of
 * instances share one exact limit, and an idle key disappears once it would be a full bucket anyway.
 * <p>
 * <p>
 * The state this instance last wrote for a key is remembered, and the next update of that key starts from it instead
 * of reading it back: when nobody else wrote in between (the usual case: a client's requests mostly reach one
 * instance, and a busy client's back-to-back), an update is one round trip instead of two. Correctness still rests
 * on the compare-and-swap alone: if the remembered state is stale, the swap fails and Bucket4j's retry reads the key.
 * <p>
 * Why not Bucket4j's Lettuce module: it would bring a second Redis client with its own connections and settings, beside
 * the Quarkus one that QUARKUS_REDIS_HOSTS, the readiness check and the metrics already use; the CAS contract is two
 * commands, written here once.
 */
final class RedisProxyManager extends AbstractCompareAndSwapBasedProxyManager<String> {

    private final Redis redis;
    private final ExpirationAfterWriteStrategy expiration;
    /** Key to the state this instance last wrote there. */
    private final Cache<String, byte[]> lastWritten;

    RedisProxyManager(Redis redis, ClientSideConfig config, int maxRemembered) {
        super(config);
        this.redis = redis;
        this.expiration = config.getExpirationAfterWriteStrategy().orElseThrow();
        this.lastWritten = Caffeine.newBuilder()
                .maximumSize(maxRemembered)
                .expireAfterWrite(Duration.ofMinutes(1))
                .build();
    }

    @Override
    protected AsyncCompareAndSwapOperation beginAsyncCompareAndSwapOperation(String key) {
        return new AsyncCompareAndSwapOperation() {
            /** Only the first attempt may start from the remembered state; a retry reads what is really there. */
            private boolean firstAttempt = true;

            @Override
            public CompletableFuture<Optional<byte[]>> getStateData(Optional<Long> timeoutNanos) {
                byte[] remembered = firstAttempt ? lastWritten.getIfPresent(key) : null;
                firstAttempt = false;
                if (remembered != null) {
                    return CompletableFuture.completedFuture(Optional.of(remembered));
                }
                return send(Request.cmd(Command.GET).arg(key), timeoutNanos)
                        .thenApply(response -> Optional.ofNullable(response == null ? null : response.toBytes()));
            }

            @Override
            public CompletableFuture<Boolean> compareAndSwap(
                    byte[] originalData, byte[] newData, RemoteBucketState newState, Optional<Long> timeoutNanos) {
                long ttlMillis = expiration.calculateTimeToLiveMillis(newState, currentTimeNanos());
                CompletableFuture<Response> swapped = originalData == null
                        // No state yet: create it, unless another instance just did.
                        ? eval(SET_NX_PX, key, timeoutNanos, request -> request.arg(newData)
                                .arg(ttlMillis))
                        : eval(COMPARE_AND_SWAP_PX, key, timeoutNanos, request -> request.arg(originalData)
                                .arg(newData)
                                .arg(ttlMillis));
                return swapped.thenApply(response -> {
                    boolean done = response != null && response.toInteger() == 1;
                    if (done) {
                        lastWritten.put(key, newData);
                    } else {
                        lastWritten.invalidate(key);
                    }
                    return done;
                });
            }
        };
    }

    /** The blocking variant Bucket4j requires; the limiter itself only uses the asynchronous one. */
    @Override
    protected CompareAndSwapOperation beginCompareAndSwapOperation(String key) {
        AsyncCompareAndSwapOperation async = beginAsyncCompareAndSwapOperation(key);
        return new CompareAndSwapOperation() {
            @Override
            public Optional<byte[]> getStateData(Optional<Long> timeoutNanos) {
                return await(async.getStateData(timeoutNanos));
            }

            @Override
            public boolean compareAndSwap(
                    byte[] originalData, byte[] newData, RemoteBucketState newState, Optional<Long> timeoutNanos) {
                return await(async.compareAndSwap(originalData, newData, newState, timeoutNanos));
            }
        };
    }

    @Override
    public void removeProxy(String key) {
        await(removeAsync(key));
    }

    @Override
    protected CompletableFuture<Void> removeAsync(String key) {
        lastWritten.invalidate(key);
        return send(Request.cmd(Command.DEL).arg(key), Optional.empty()).thenApply(response -> null);
    }

    @Override
    public boolean isAsyncModeSupported() {
        return true;
    }

    @Override
    public boolean isExpireAfterWriteSupported() {
        return true;
    }

    /** A Lua script and its SHA-1, by which Redis keeps it once it has seen it. */
    private record Script(String text, String sha1) {
        static Script of(String text) {
            try {
                return new Script(
                        text,
                        HexFormat.of()
                                .formatHex(MessageDigest.getInstance("SHA-1")
                                        .digest(text.getBytes(StandardCharsets.UTF_8))));
            } catch (NoSuchAlgorithmException e) {
                throw new IllegalStateException(e);
            }
        }
    }

    private static final Script SET_NX_PX = Script.of(LuaScripts.SCRIPT_SET_NX_PX);
    private static final Script COMPARE_AND_SWAP_PX = Script.of(LuaScripts.SCRIPT_COMPARE_AND_SWAP_PX);

    /**
     * EVALSHA, so that the script's text is not sent and hashed on every request; EVAL (which also caches the script)
     * when Redis does not know it yet, e.g. after a restart.
     */
    private CompletableFuture<Response> eval(
            Script script, String key, Optional<Long> timeoutNanos, UnaryOperator<Request> args) {
        return send(
                        args.apply(Request.cmd(Command.EVALSHA)
                                .arg(script.sha1())
                                .arg(1)
                                .arg(key)),
                        timeoutNanos)
                .exceptionallyCompose(error -> {
                    Throwable cause =
                            error instanceof CompletionException && error.getCause() != null ? error.getCause() : error;
                    if (cause.getMessage() != null && cause.getMessage().startsWith("NOSCRIPT")) {
                        return send(
                                args.apply(Request.cmd(Command.EVAL)
                                        .arg(script.text())
                                        .arg(1)
                                        .arg(key)),
                                timeoutNanos);
                    }
                    return CompletableFuture.failedFuture(cause);
                });
    }

    private CompletableFuture<Response> send(Request request, Optional<Long> timeoutNanos) {
        CompletableFuture<Response> response =
                redis.send(request).toCompletionStage().toCompletableFuture();
        return timeoutNanos
                .map(nanos -> response.orTimeout(nanos, TimeUnit.NANOSECONDS))
                .orElse(response);
    }

    private static <T> T await(CompletableFuture<T> future) {
        try {
            return future.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("Interrupted while waiting for Redis", e);
        } catch (ExecutionException e) {
            if (e.getCause() instanceof TimeoutException timeout) {
                throw new IllegalStateException("Redis did not answer in time", timeout);
            }
            throw new IllegalStateException("Redis failed", e.getCause());
        }
    }
}

package dev.qbank.webhook;

import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Pattern;

/**
 * Resolves webhook host names without holding up whoever asks. InetAddress's lookup (the JVM's resolver: hosts file,
 * system DNS, its own cache) blocks and cannot be interrupted, so it runs on a small pool of its own and every caller
 * waits at most its time-out. Lookups of one name share one thread until it returns, even after their callers gave
 * up, so a name whose resolution hangs holds one thread, not one per attempt; other names resolve meanwhile.
 *
 * <p>The addresses go to {@link WebhookTargets#check}, and the connection to the first of them: what is connected to
 * is what was checked. Vert.x's own asynchronous resolver was not used as it yields one address per name, where
 * registration refuses a name if any of its addresses is private.
 */
@ApplicationScoped
public class WebhookResolver {

    /** A blocking lookup; the JVM's unless a test replaces it. */
    @FunctionalInterface
    interface Lookup {
        InetAddress[] lookup(String host) throws UnknownHostException;
    }

    static final Lookup SYSTEM = InetAddress::getAllByName;

    /** An IP literal (v4 digits and dots, or anything with a colon) is parsed by InetAddress, never looked up. */
    private static final Pattern LITERAL = Pattern.compile("[0-9.]+|.*:.*");

    private final ThreadPoolExecutor pool;
    private final Map<String, CompletableFuture<InetAddress[]>> lookups = new ConcurrentHashMap<>();
    private volatile Lookup lookup = SYSTEM;

    public WebhookResolver(WebhookConfig config) {
        int threads = config.dns().threads();
        AtomicInteger n = new AtomicInteger();
        // A bounded queue: when every thread is stuck and the queue is full, a lookup fails at once (and its delivery
        // is retried) rather than piling up.
        this.pool =
                new ThreadPoolExecutor(threads, threads, 30, TimeUnit.SECONDS, new ArrayBlockingQueue<>(256), task -> {
                    Thread thread = new Thread(task, "qbank-webhook-dns-" + n.incrementAndGet());
                    thread.setDaemon(true);
                    return thread;
                });
        pool.allowCoreThreadTimeOut(true);
    }

    @PreDestroy
    void close() {
        pool.shutdownNow();
    }

    /** For the tests: a lookup that is slow, or hangs, for some names. */
    void lookup(Lookup lookup) {
        this.lookup = lookup;
    }

    /**
     * The host's addresses, or a failure: {@link UnknownHostException} when it does not resolve,
     * {@link TimeoutException} when it did not in time, {@link RejectedExecutionException} when the resolver is full.
     */
    public CompletableFuture<InetAddress[]> resolve(String host, Duration timeout) {
        if (LITERAL.matcher(host).matches()) {
            try {
                return CompletableFuture.completedFuture(InetAddress.getAllByName(host));
            } catch (UnknownHostException e) {
                return CompletableFuture.failedFuture(e);
            }
        }
        CompletableFuture<InetAddress[]> mine = new CompletableFuture<>();
        CompletableFuture<InetAddress[]> shared = lookups.putIfAbsent(host, mine);
        if (shared == null) {
            shared = mine;
            start(host, mine); // registered first, so that its removal when done cannot come before
        }
        // A copy per caller: its time-out ends the caller's wait, not the shared lookup.
        return shared.thenApply(addresses -> addresses).orTimeout(timeout.toMillis(), TimeUnit.MILLISECONDS);
    }

    /** As {@link #resolve}, waiting: for registration, on a request thread. */
    public InetAddress[] resolveNow(String host, Duration timeout) throws WebhookTargets.Refused {
        try {
            return resolve(host, timeout).get();
        } catch (ExecutionException e) {
            throw refusal(e.getCause(), timeout);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new WebhookTargets.Refused("has a host that could not be resolved");
        }
    }

    /** Why a lookup failed, as a refusal the caller may be shown. */
    static WebhookTargets.Refused refusal(Throwable cause, Duration timeout) {
        Throwable why = cause instanceof CompletionException && cause.getCause() != null ? cause.getCause() : cause;
        if (why instanceof TimeoutException) {
            return new WebhookTargets.Refused("has a host that did not resolve within " + timeout.toMillis() + " ms");
        }
        if (why instanceof RejectedExecutionException) {
            return new WebhookTargets.Refused("could not be resolved now (the resolver is busy)");
        }
        return new WebhookTargets.Refused("has a host that does not resolve");
    }

    private void start(String host, CompletableFuture<InetAddress[]> result) {
        Lookup current = lookup;
        try {
            pool.execute(() -> {
                try {
                    result.complete(current.lookup(host));
                } catch (Throwable e) {
                    result.completeExceptionally(e);
                } finally {
                    lookups.remove(host, result);
                }
            });
        } catch (RejectedExecutionException e) {
            lookups.remove(host, result);
            result.completeExceptionally(e);
        }
    }
}

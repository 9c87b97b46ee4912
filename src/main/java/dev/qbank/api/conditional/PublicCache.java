package dev.qbank.api.conditional;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import dev.qbank.api.ApiConfig;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.transaction.Status;
import jakarta.transaction.Synchronization;
import jakarta.transaction.TransactionSynchronizationRegistry;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;

/**
 * The server's copy of its public representations (the bank: questions and categories), so that a page of 20 or a
 * 304 costs a map lookup instead of a query, a serialization and a hash. It is the freshness the API already
 * promises: public responses say {@code Cache-Control: public, max-age=60}, and any shared cache may serve them that
 * long; this one is far stricter:
 * <ul>
 * <li>on this instance, a change to the bank empties it as the change commits ({@link #bankChangedOnCommit()}, called
 *     by the webhook outbox, which every question and category write goes through), so a writer reads its write;</li>
 * <li>a change made through another instance (or straight in SQL) is seen within {@code qbank.cache.public-ttl}
 *     (1 s by default); 0 turns the cache off.</li>
 * </ul>
 * Entries are keyed by the absolute request URI (Link headers are absolute) and by the bank's generation on this
 * instance, so a page computed from the bank before a commit is never served after it; they hold at most
 * {@link #MAX_BYTES} in all.
 */
@ApplicationScoped
public class PublicCache {

    /** What a public GET answers with: the representation and its Link header (null for a single resource). */
    public record Entry(Representations.Representation representation, String link) {}

    private final Cache<String, Entry> entries;
    private final boolean enabled;
    private final AtomicLong generation = new AtomicLong();
    private final TransactionSynchronizationRegistry transactions;

    /**
     * At most this many bytes of representations: the key is the whole request URI, so a client can make as many
     * distinct entries as it likes (an unknown query parameter is enough); they must not crowd the heap out.
     */
    static final long MAX_BYTES = 16L * 1024 * 1024;

    @Inject
    public PublicCache(ApiConfig config, TransactionSynchronizationRegistry transactions) {
        this(config.cache().publicTtl(), transactions);
    }

    PublicCache(Duration ttl, TransactionSynchronizationRegistry transactions) {
        this.enabled = !ttl.isZero() && !ttl.isNegative();
        this.entries = Caffeine.newBuilder()
                .maximumWeight(MAX_BYTES)
                .weigher((String key, Entry entry) -> key.length()
                        + entry.representation().bytes().length
                        + (entry.link() == null ? 0 : entry.link().length()))
                .expireAfterWrite(enabled ? ttl : Duration.ofMillis(1))
                .build();
        this.transactions = transactions;
    }

    /** The bytes held now (for tests). */
    long weight() {
        entries.cleanUp();
        return entries.policy().eviction().map(e -> e.weightedSize().orElse(0L)).orElse(0L);
    }

    public Entry get(String requestUri, Supplier<Entry> compute) {
        if (!enabled) {
            return compute.get();
        }
        return entries.get(generation.get() + " " + requestUri, key -> compute.get());
    }

    /** The entry held for {@code requestUri} now, or null: never computes one (see {@link PublicCacheHits}). */
    public Entry peek(String requestUri) {
        return enabled ? entries.getIfPresent(generation.get() + " " + requestUri) : null;
    }

    /** Called inside a transaction that changes the bank: when (and only if) it commits, every entry goes. */
    public void bankChangedOnCommit() {
        if (!enabled) {
            return;
        }
        transactions.registerInterposedSynchronization(new Synchronization() {
            @Override
            public void beforeCompletion() {}

            @Override
            public void afterCompletion(int status) {
                if (status == Status.STATUS_COMMITTED) {
                    generation.incrementAndGet();
                    entries.invalidateAll();
                }
            }
        });
    }
}

package dev.qbank.api.conditional;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import org.junit.jupiter.api.Test;

/** Distinct request URIs are free to make (?x=1, ?x=2, ...): the cache holds at most 16 MB whatever a client sends. */
class PublicCacheBoundTest {

    @Test
    void manyDistinctUrisNeverHoldMoreThanTheBound() {
        PublicCache cache = new PublicCache(Duration.ofMinutes(1), null);
        byte[] page = new byte[40_000];
        for (int i = 0; i < 2_000; i++) { // 80 MB offered
            cache.get(
                    "http://localhost/v1/questions?limit=20&x=" + i,
                    () -> new PublicCache.Entry(new Representations.Representation(page, "\"e\""), null));
        }
        assertTrue(cache.weight() <= PublicCache.MAX_BYTES, "held " + cache.weight() + " bytes");
        assertTrue(cache.weight() > PublicCache.MAX_BYTES / 2, "and still caches: " + cache.weight());
    }
}

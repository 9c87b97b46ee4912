package dev.qbank.security;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import dev.qbank.api.problem.ProblemException;
import dev.qbank.api.problem.ProblemType;
import io.quarkus.narayana.jta.QuarkusTransaction;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import java.time.Duration;
import java.util.List;
import java.util.UUID;

/**
 * Turns an {@code Authorization} header into an {@link Identity}: the one key lookup behind every entrance to the
 * API, through {@link ApiKeyIdentityProvider}. No header: anonymous. A header that is not
 * a valid, unrevoked key: a 401 {@code invalid-api-key} problem.
 */
@ApplicationScoped
public class BearerKeys {

    /** last_used_at is kept to the minute. */
    private static final Duration LAST_USED_RESOLUTION = Duration.ofMinutes(1);

    /** Brings a key's last_used_at up to date, unless another instance did within the minute. */
    private static final String MARK_USED_SQL = """
            UPDATE api_keys SET last_used_at = now()
            WHERE id = :key AND (last_used_at IS NULL OR last_used_at < now() - interval '1 minute')""";

    private final AdminKey adminKey;
    private final EntityManager em;
    /** Keys whose last_used_at this instance brought up to date within the minute: their requests skip the write. */
    private final Cache<UUID, Boolean> recentlyMarked = Caffeine.newBuilder()
            .expireAfterWrite(LAST_USED_RESOLUTION)
            .maximumSize(100_000)
            .build();

    public BearerKeys(AdminKey adminKey, EntityManager em) {
        this.adminKey = adminKey;
        this.em = em;
    }

    /** Must run on a thread that may block (it reads the database), in a transaction or a request context. */
    public Identity identify(String authorization) {
        if (authorization == null) {
            return Identity.ANONYMOUS;
        }
        if (!authorization.regionMatches(true, 0, "Bearer ", 0, 7)) {
            throw invalid("Authorization must use the Bearer scheme: Authorization: Bearer <key>.");
        }
        String secret = authorization.substring(7).trim();
        if (secret.isEmpty() || secret.length() > 200) {
            throw invalid("The API key is missing or malformed.");
        }
        byte[] hash = KeyMaterial.hash(secret);
        if (adminKey.matches(hash)) {
            return new Identity(Caller.Role.ADMIN, null, null);
        }
        // SQL rather than HQL: every authenticated request runs this, and the first requests after a start run it
        // all at once. HQL is parsed (ANTLR) until its plan is cached, and 32 threads parsing it together held ~50 MB
        // of parser state for a second or two: full GCs, a heap grown to its maximum, seconds of latency
        // (bench/results-notes.md). A native query is not parsed.
        @SuppressWarnings("unchecked")
        List<Object[]> keys = em.createNativeQuery(
                        "SELECT id, user_id FROM api_keys WHERE hash = :hash AND revoked_at IS NULL")
                .setParameter("hash", hash)
                .getResultList();
        if (keys.isEmpty()) {
            throw invalid("The API key is not valid, or has been revoked.");
        }
        UUID keyId = (UUID) keys.get(0)[0];
        UUID userId = (UUID) keys.get(0)[1];
        // last_used_at to the minute: one small write per key per minute (per instance), not one per request.
        if (recentlyMarked.getIfPresent(keyId) == null) {
            QuarkusTransaction.requiringNew().run(() -> em.createNativeQuery(MARK_USED_SQL)
                    .setParameter("key", keyId)
                    .executeUpdate());
            recentlyMarked.put(keyId, Boolean.TRUE);
        }
        return new Identity(Caller.Role.USER, userId, keyId);
    }

    private static ProblemException invalid(String detail) {
        return new ProblemException(ProblemType.INVALID_API_KEY, detail);
    }
}

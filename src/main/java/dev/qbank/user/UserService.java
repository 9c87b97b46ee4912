package dev.qbank.user;

import dev.qbank.api.paging.Cursor;
import dev.qbank.api.paging.PageRequest;
import dev.qbank.api.paging.Slice;
import dev.qbank.api.problem.ProblemException;
import dev.qbank.api.problem.ProblemType;
import dev.qbank.db.Ids;
import dev.qbank.db.Keyset;
import dev.qbank.security.KeyMaterial;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import jakarta.transaction.Transactional;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.UUID;

/** Sign-up and API keys. */
@ApplicationScoped
@Transactional
public class UserService {

    /** Active keys one user may hold at once. */
    static final int MAX_ACTIVE_KEYS = 25;

    /** Keys newest first: ids are UUIDv7, so id order is creation order. */
    private static final Keyset NEWEST_FIRST = Keyset.of(Keyset.desc("k.id", UUID.class));

    private final EntityManager em;

    public UserService(EntityManager em) {
        this.em = em;
    }

    public UserViews.SignUpView signUp(String name) {
        User user = new User();
        user.id = Ids.newId();
        user.name = name.strip();
        user.createdAt = now();
        em.persist(user);
        return new UserViews.SignUpView(UserViews.UserView.of(user), createKey(user.id, null));
    }

    @Transactional(Transactional.TxType.SUPPORTS)
    public UserViews.UserView get(UUID userId) {
        User user = em.find(User.class, userId);
        if (user == null) {
            throw ProblemException.notFound("No such user.");
        }
        return UserViews.UserView.of(user);
    }

    public UserViews.NewApiKeyView createKey(UUID userId, String name) {
        // Serialize key creation per user so that the limit holds under concurrent requests.
        em.createNativeQuery("SELECT 1 FROM users WHERE id = :user FOR UPDATE")
                .setParameter("user", userId)
                .getResultList();
        long active = em.createQuery(
                        "select count(k) from ApiKey k where k.userId = :user and k.revokedAt is null", Long.class)
                .setParameter("user", userId)
                .getSingleResult();
        if (active >= MAX_ACTIVE_KEYS) {
            throw new ProblemException(
                    ProblemType.CONFLICT,
                    "You already have " + MAX_ACTIVE_KEYS
                            + " active keys; revoke one (DELETE /v1/users/me/keys/{id}) first.");
        }
        String secret = KeyMaterial.newSecret();
        ApiKey key = new ApiKey();
        key.id = Ids.newId();
        key.userId = userId;
        key.name = name == null || name.isBlank() ? null : name.strip();
        key.prefix = KeyMaterial.visiblePrefix(secret);
        key.hash = KeyMaterial.hash(secret);
        key.createdAt = now();
        em.persist(key);
        return UserViews.NewApiKeyView.of(key, secret);
    }

    @Transactional(Transactional.TxType.SUPPORTS)
    public Slice<UserViews.ApiKeyView> listKeys(UUID userId, PageRequest page) {
        Keyset.Seek seek = NEWEST_FIRST.seek(page.backwards(), page.cursor().map(Cursor::key));
        var query = seek.bind(em.createQuery(
                        "from ApiKey k where k.userId = :user" + seek.and() + " order by " + seek.orderBy(),
                        ApiKey.class))
                .setParameter("user", userId)
                .setMaxResults(page.fetchSize());
        return Slice.of(query.getResultList(), page).map(UserViews.ApiKeyView::of);
    }

    @Transactional(Transactional.TxType.SUPPORTS)
    public UserViews.ApiKeyView getKey(UUID userId, UUID keyId) {
        return UserViews.ApiKeyView.of(ownKey(userId, keyId));
    }

    /** Revokes the key at once: the next request with it is a 401. Revoking twice is harmless. */
    public void revokeKey(UUID userId, UUID keyId) {
        ApiKey key = ownKey(userId, keyId);
        if (key.revokedAt == null) {
            key.revokedAt = now();
        }
    }

    private ApiKey ownKey(UUID userId, UUID keyId) {
        ApiKey key = em.find(ApiKey.class, keyId);
        if (key == null || !key.userId.equals(userId)) {
            throw ProblemException.notFound("No API key " + keyId + " among yours.");
        }
        return key;
    }

    private static Instant now() {
        return Instant.now().truncatedTo(ChronoUnit.MICROS);
    }

    static List<Object> cursorKey(UserViews.ApiKeyView key) {
        return List.of(key.id().toString());
    }
}

package dev.qbank.user;

import com.fasterxml.jackson.databind.JsonNode;
import dev.qbank.api.conditional.Preconditions;
import dev.qbank.api.conditional.Representations;
import dev.qbank.api.paging.Cursor;
import dev.qbank.api.paging.PageRequest;
import dev.qbank.api.paging.Slice;
import dev.qbank.api.problem.Problem;
import dev.qbank.api.problem.ProblemException;
import dev.qbank.api.problem.ProblemType;
import dev.qbank.db.Ids;
import dev.qbank.db.Keyset;
import dev.qbank.security.KeyMaterial;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Event;
import jakarta.persistence.EntityManager;
import jakarta.persistence.LockModeType;
import jakarta.transaction.Transactional;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
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
    private final Event<SettingsChanged> settingsChanged;
    private final Representations representations;

    public UserService(EntityManager em, Event<SettingsChanged> settingsChanged, Representations representations) {
        this.em = em;
        this.settingsChanged = settingsChanged;
        this.representations = representations;
    }

    /**
     * PATCH /v1/users/me: a JSON merge patch of the learner's settings ({@code scheduler}, {@code desired_retention}),
     * under If-Match on their current representation. The row is locked first, so of two changes holding the same ETag
     * one wins and the other gets 412; a change that takes effect replays the learner's history (SettingsChanged) in
     * this transaction.
     */
    public UserViews.UserView updateSettings(UUID userId, String ifMatch, JsonNode patch) {
        User user = em.find(User.class, userId, LockModeType.PESSIMISTIC_WRITE);
        if (user == null) {
            throw ProblemException.notFound("No such user.");
        }
        Preconditions.requireMatch(
                ifMatch, representations.of(UserViews.UserView.of(user)).etag(), "your settings");
        if (!patch.isObject()) {
            throw ProblemException.invalidParam("body", "must be a JSON object (a merge patch of your settings)");
        }
        List<Problem.InvalidParam> problems = new ArrayList<>();
        String scheduler = user.scheduler;
        BigDecimal retention = user.desiredRetention;
        for (Map.Entry<String, JsonNode> field : (Iterable<Map.Entry<String, JsonNode>>) patch::fields) {
            JsonNode value = field.getValue();
            switch (field.getKey()) {
                case "scheduler" -> {
                    if (value.isTextual()
                            && SchedulerChoice.fromWire(value.asText()).isPresent()) {
                        scheduler = value.asText();
                    } else {
                        problems.add(new Problem.InvalidParam("scheduler", "must be fsrs or sm2"));
                    }
                }
                case "desired_retention" -> {
                    if (value.isNumber()
                            && value.decimalValue().compareTo(User.MIN_RETENTION) >= 0
                            && value.decimalValue().compareTo(User.MAX_RETENTION) <= 0
                            && value.decimalValue().stripTrailingZeros().scale() <= 2) {
                        retention = value.decimalValue().setScale(2, RoundingMode.UNNECESSARY);
                    } else {
                        problems.add(new Problem.InvalidParam(
                                "desired_retention", "must be a number from 0.70 to 0.97, with at most two decimals"));
                    }
                }
                default ->
                    problems.add(new Problem.InvalidParam(
                            field.getKey(), "is not a setting you can change (scheduler, desired_retention)"));
            }
        }
        if (!problems.isEmpty()) {
            throw ProblemException.invalidParams(problems);
        }
        boolean changed = !scheduler.equals(user.scheduler) || retention.compareTo(user.desiredRetention) != 0;
        user.scheduler = scheduler;
        user.desiredRetention = retention;
        if (changed) {
            em.flush(); // the replay reads the new settings
            settingsChanged.fire(new SettingsChanged(userId));
        }
        return UserViews.UserView.of(user);
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

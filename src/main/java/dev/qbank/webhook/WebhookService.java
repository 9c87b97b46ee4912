package dev.qbank.webhook;

import static dev.qbank.db.Columns.instant;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.qbank.api.Link;
import dev.qbank.api.paging.Cursor;
import dev.qbank.api.paging.PageRequest;
import dev.qbank.api.paging.Slice;
import dev.qbank.api.problem.Problem;
import dev.qbank.api.problem.ProblemException;
import dev.qbank.api.problem.ProblemType;
import dev.qbank.db.Ids;
import dev.qbank.db.Keyset;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import jakarta.persistence.Query;
import jakarta.transaction.Transactional;
import java.net.URI;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

/**
 * Webhook subscriptions. A subscription belongs to a learner (user id) or to the admin (null); each sees only their
 * own, and another's is a 404.
 */
@ApplicationScoped
@Transactional
public class WebhookService {

    /** Webhooks and deliveries newest first: ids are UUIDv7, so id order is creation order. */
    private static final Keyset NEWEST_FIRST = Keyset.of(Keyset.desc("w.id", UUID.class));

    private static final Keyset DELIVERIES_NEWEST_FIRST = Keyset.of(Keyset.desc("d.id", UUID.class));

    /** A webhook's deliveries with their event's type, as {@link #deliveries(Query)} reads them. */
    private static final String DELIVERIES_SQL = """
            SELECT d.id, d.event_id, e.type, d.status, d.attempts, d.next_attempt_at, d.last_status_code,
                   d.last_error, d.attempt_log::text, d.created_at, d.finished_at, d.webhook_id
            FROM webhook_deliveries d JOIN outbox_events e ON e.id = d.event_id
            WHERE d.webhook_id = :webhook""";

    private final EntityManager em;
    private final WebhookConfig config;
    private final Outbox outbox;
    private final ObjectMapper mapper;
    private final WebhookResolver resolver;

    public WebhookService(
            EntityManager em, WebhookConfig config, Outbox outbox, ObjectMapper mapper, WebhookResolver resolver) {
        this.em = em;
        this.config = config;
        this.outbox = outbox;
        this.mapper = mapper;
        this.resolver = resolver;
    }

    /** @param userId the learner registering it, or null for the admin */
    public WebhookViews.NewWebhookView register(UUID userId, WebhookViews.WebhookRequest request) {
        List<String> events = events(userId, request.events());
        String url;
        try {
            URI uri = WebhookTargets.parse(request.url());
            url = WebhookTargets.check(
                            uri,
                            resolver.resolveNow(
                                    WebhookTargets.bareHost(uri), config.dns().timeout()),
                            config.allowPrivateTargets())
                    .uri()
                    .toString();
        } catch (WebhookTargets.Refused refused) {
            throw unprocessable("url", refused.getMessage());
        }
        if (userId != null) {
            withinCap(userId);
        }
        Webhook webhook = new Webhook();
        webhook.id = Ids.newId();
        webhook.userId = userId;
        webhook.url = url;
        webhook.events = new ArrayList<>(events);
        webhook.secret = WebhookSignature.newSecret();
        webhook.createdAt = Instant.now().truncatedTo(ChronoUnit.MICROS);
        em.persist(webhook);
        return WebhookViews.NewWebhookView.of(webhook);
    }

    /**
     * A learner's webhooks are capped (qbank.webhooks.max-per-user), exactly, however many registrations come at once:
     * they queue on a lock of the learner's row, held to the end of this transaction, so each counts what the ones
     * before it committed. NO KEY UPDATE, not UPDATE: it must not hold up the learner's attempts, whose inserts take a
     * KEY SHARE lock on the same row. Webhooks are deleted outright, so the count is of those that exist, disabled
     * ones included (they are listed, and deleted the same way). The admin's, the bank's own, are not capped.
     */
    private void withinCap(UUID userId) {
        em.createNativeQuery("SELECT 1 FROM users WHERE id = :user FOR NO KEY UPDATE")
                .setParameter("user", userId)
                .getResultList();
        long existing = ((Number) em.createNativeQuery("SELECT count(*) FROM webhooks WHERE user_id = :user")
                        .setParameter("user", userId)
                        .getSingleResult())
                .longValue();
        int max = config.maxPerUser();
        if (existing >= max) {
            // 409, as for the quiz pool and API keys: the request is valid (so not 422) but conflicts with the state
            // of the caller's webhooks, and deleting one resolves it.
            throw new ProblemException(Problem.of(
                            ProblemType.WEBHOOK_LIMIT_REACHED,
                            "You have " + existing + " webhooks, the most one account may have (" + max
                                    + "); delete one (DELETE /v1/webhooks/{id}) first.")
                    .with("max_webhooks", max));
        }
    }

    @Transactional(Transactional.TxType.SUPPORTS)
    public Slice<WebhookViews.WebhookView> list(UUID userId, PageRequest page) {
        String owner = userId == null ? "w.userId is null" : "w.userId = :user";
        Keyset.Seek seek = NEWEST_FIRST.seek(page.backwards(), page.cursor().map(Cursor::key));
        var query = seek.bind(em.createQuery(
                        "from Webhook w where " + owner + seek.and() + " order by " + seek.orderBy(), Webhook.class))
                .setMaxResults(page.fetchSize());
        if (userId != null) {
            query.setParameter("user", userId);
        }
        return Slice.of(query.getResultList(), page).map(WebhookViews.WebhookView::of);
    }

    @Transactional(Transactional.TxType.SUPPORTS)
    public WebhookViews.WebhookView get(UUID userId, UUID id) {
        return WebhookViews.WebhookView.of(own(userId, id));
    }

    /** Deletes the subscription and its pending deliveries; nothing more is sent to it. */
    public void delete(UUID userId, UUID id) {
        em.remove(own(userId, id));
    }

    /** Queues a webhook.test event for this webhook only; it is delivered like any other. */
    public WebhookViews.DeliveryView test(UUID userId, UUID id) {
        Webhook webhook = own(userId, id);
        if (webhook.disabledAt != null) {
            throw new ProblemException(
                    ProblemType.CONFLICT,
                    "This webhook is disabled (" + webhook.disabledReason
                            + "); register the endpoint again once it is back.");
        }
        UUID event =
                outbox.publishTest(webhook, Map.of("webhook_id", webhook.id, "message", "A test event from qbank."));
        em.flush();
        return deliveries(em.createNativeQuery(
                                DELIVERIES_SQL + " AND d.event_id = :event ORDER BY d.id DESC LIMIT 1", Object[].class)
                        .setParameter("webhook", webhook.id)
                        .setParameter("event", event))
                .get(0);
    }

    /** The webhook's deliveries, newest first. */
    @Transactional(Transactional.TxType.SUPPORTS)
    public Slice<WebhookViews.DeliveryView> deliveries(UUID userId, UUID id, PageRequest page) {
        Webhook webhook = own(userId, id);
        Keyset.Seek seek =
                DELIVERIES_NEWEST_FIRST.seek(page.backwards(), page.cursor().map(Cursor::key));
        Query query = seek.bind(em.createNativeQuery(
                        DELIVERIES_SQL + seek.and() + " ORDER BY " + seek.orderBy() + " LIMIT :limit", Object[].class))
                .setParameter("webhook", webhook.id)
                .setParameter("limit", page.fetchSize());
        return Slice.of(deliveries(query), page);
    }

    private List<WebhookViews.DeliveryView> deliveries(Query query) {
        List<WebhookViews.DeliveryView> views = new ArrayList<>();
        for (Object row : query.getResultList()) {
            Object[] r = (Object[]) row;
            views.add(new WebhookViews.DeliveryView(
                    (UUID) r[0],
                    (UUID) r[1],
                    (String) r[2],
                    (String) r[3],
                    ((Number) r[4]).intValue(),
                    instant(r[5]),
                    r[6] == null ? null : ((Number) r[6]).intValue(),
                    (String) r[7],
                    attemptLog((String) r[8]),
                    instant(r[9]),
                    instant(r[10]),
                    Map.of("webhook", Link.to(WebhookViews.WebhookView.path((UUID) r[11])))));
        }
        return views;
    }

    private List<WebhookViews.DeliveryAttempt> attemptLog(String json) {
        try {
            return mapper.readValue(json, new TypeReference<List<WebhookViews.DeliveryAttempt>>() {});
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("Unreadable delivery attempt log", e);
        }
    }

    static List<Object> cursorKey(WebhookViews.WebhookView view) {
        return List.of(view.id().toString());
    }

    static List<Object> deliveryCursorKey(WebhookViews.DeliveryView view) {
        return List.of(view.id().toString());
    }

    private Webhook own(UUID userId, UUID id) {
        Webhook webhook = em.find(Webhook.class, id);
        if (webhook == null || (userId == null ? webhook.userId != null : !userId.equals(webhook.userId))) {
            throw ProblemException.notFound("No webhook " + id + " among yours.");
        }
        return webhook;
    }

    private static List<String> events(UUID userId, List<String> requested) {
        Set<String> events = new LinkedHashSet<>();
        for (String name : requested) {
            EventType type = EventType.fromWire(name)
                    .filter(EventType::subscribable)
                    .orElseThrow(() -> ProblemException.invalidParam(
                            "events", "'" + name + "' is not an event; see the WebhookRequest schema for the list"));
            if (type.forAdmin() != (userId == null)) {
                throw unprocessable(
                        "events",
                        userId == null
                                ? "'" + name
                                        + "' is a learner's event; the admin subscribes to question.* and category.* events"
                                : "'" + name
                                        + "' is for the admin; a learner subscribes to attempt.created (their own attempts)");
            }
            events.add(type.wire());
        }
        return List.copyOf(events);
    }

    private static ProblemException unprocessable(String field, String reason) {
        return new ProblemException(Problem.of(ProblemType.UNPROCESSABLE, "Invalid " + field + ": " + reason + ".")
                .withInvalidParams(List.of(new Problem.InvalidParam(field, reason))));
    }
}

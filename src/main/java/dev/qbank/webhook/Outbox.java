package dev.qbank.webhook;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.qbank.api.conditional.PublicCache;
import dev.qbank.api.tracing.TraceContext;
import dev.qbank.db.Ids;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import jakarta.transaction.Transactional;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * The transactional outbox. {@link #publish} must run inside the transaction of the change the event describes
 * ({@code MANDATORY}): the event and one pending delivery per matching subscription commit with the change, or roll
 * back with it, so no event is ever lost or sent for a change that did not happen. Workers deliver them later
 * ({@link WebhookDispatcher}).
 */
@ApplicationScoped
@Transactional(Transactional.TxType.MANDATORY)
public class Outbox {

    private final EntityManager em;
    private final ObjectMapper mapper;
    private final PublicCache publicCache;

    public Outbox(EntityManager em, ObjectMapper mapper, PublicCache publicCache) {
        this.em = em;
        this.mapper = mapper;
        this.publicCache = publicCache;
    }

    /**
     * An event about the bank (for the admin's webhooks) or about a learner's attempt (for that learner's). Returns
     * the event's id, or null when no webhook subscribes to it (then nothing is written).
     */
    public UUID publish(EventType type, UUID userId, Object data) {
        return publish(type, userId, data, TraceContext.current());
    }

    /** As {@link #publish(EventType, UUID, Object)}, on behalf of the request whose traceparent is given. */
    public UUID publish(EventType type, UUID userId, Object data, String traceparent) {
        // SQL rather than HQL, as in BearerKeys: every recorded attempt runs this, and HQL's parse before its plan is
        // cached, by every request of the first wave at once, cost ~50 MB of parser state (bench/results-notes.md).
        // No result class: a scalar one would add a query plan per call (QueryPlanCacheTest).
        List<?> rows = (userId == null
                        ? em.createNativeQuery(
                                "SELECT id FROM webhooks WHERE user_id IS NULL AND disabled_at IS NULL AND :type = ANY (events)")
                        : em.createNativeQuery(
                                        "SELECT id FROM webhooks WHERE user_id = :user AND disabled_at IS NULL AND :type = ANY (events)")
                                .setParameter("user", userId))
                .setParameter("type", type.wire())
                .getResultList();
        return deliver(
                type,
                userId,
                data,
                traceparent,
                rows.stream().map(UUID.class::cast).toList());
    }

    /**
     * A learner's webhooks subscribed to an event type, as the comma-separated text of their ids (for
     * {@link #subscribers}), in a caller's own statement: :user is the learner, :event_type the type's wire name. The
     * write path of an attempt reads them with everything else it needs in one statement.
     */
    public static final String SUBSCRIBERS_COLUMN = """
            array_to_string(ARRAY(SELECT w.id FROM webhooks w WHERE w.user_id = :user AND w.disabled_at IS NULL
                                  AND :event_type = ANY (w.events) ORDER BY w.id), ',')""";

    /** The subscribers read by {@link #SUBSCRIBERS_COLUMN}. */
    public static List<UUID> subscribers(Object column) {
        String ids = (String) column;
        return ids == null || ids.isEmpty()
                ? List.of()
                : Arrays.stream(ids.split(",")).map(UUID::fromString).toList();
    }

    /**
     * As {@link #publish(EventType, UUID, Object)}, to the subscribers the caller read in this transaction
     * ({@link #SUBSCRIBERS_COLUMN}).
     */
    public UUID publishTo(EventType type, UUID userId, Object data, List<UUID> subscribers) {
        return deliver(type, userId, data, TraceContext.current(), subscribers);
    }

    private UUID deliver(EventType type, UUID userId, Object data, String traceparent, List<UUID> subscribers) {
        if (type.changesTheBank()) {
            publicCache.bankChangedOnCommit(); // the bank changes with this transaction
        }
        if (subscribers.isEmpty()) {
            return null; // nothing to deliver, so no event row (an attempt by a learner without webhooks writes only
            // the attempt)
        }
        return insert(type, userId, data, traceparent, subscribers);
    }

    /** The webhook.test event, for one webhook only. */
    UUID publishTest(Webhook webhook, Object data) {
        return insert(EventType.WEBHOOK_TEST, webhook.userId, data, TraceContext.current(), List.of(webhook.id));
    }

    private UUID insert(EventType type, UUID userId, Object data, String traceparent, List<UUID> subscribers) {
        UUID id = Ids.newId();
        Instant now = Instant.now().truncatedTo(ChronoUnit.MICROS);
        // The Standard Webhooks payload shape: type, timestamp, data.
        Map<String, Object> payload = new LinkedHashMap<>();
        payload.put("type", type.wire());
        payload.put("timestamp", now);
        payload.put("data", data);
        String body;
        try {
            body = mapper.writeValueAsString(payload);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("An event could not be serialized", e);
        }
        // Two statements rather than a null parameter, whose SQL type a native query cannot know.
        (userId == null ? em.createNativeQuery("""
                                INSERT INTO outbox_events (id, type, body, traceparent, created_at)
                                VALUES (:id, :type, :body, :traceparent, :at)""") : em.createNativeQuery("""
                                        INSERT INTO outbox_events (id, type, user_id, body, traceparent, created_at)
                                        VALUES (:id, :type, :user, :body, :traceparent, :at)""").setParameter("user", userId))
                .setParameter("id", id)
                .setParameter("type", type.wire())
                .setParameter("body", body)
                .setParameter("traceparent", traceparent)
                .setParameter("at", now)
                .executeUpdate();
        for (UUID webhook : subscribers) {
            em.createNativeQuery("""
                            INSERT INTO webhook_deliveries (id, event_id, webhook_id, next_attempt_at, created_at)
                            VALUES (:id, :event, :webhook, :at, :at)""")
                    .setParameter("id", Ids.newId())
                    .setParameter("event", id)
                    .setParameter("webhook", webhook)
                    .setParameter("at", now)
                    .executeUpdate();
        }
        return id;
    }
}

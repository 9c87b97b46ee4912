package dev.qbank.webhook;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.scheduler.Scheduled;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import jakarta.persistence.LockModeType;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ThreadLocalRandom;
import org.jboss.logging.Logger;

/**
 * The delivery worker. Every instance runs it; there is no coordinator. Each run claims due deliveries in a short
 * transaction ({@code FOR UPDATE SKIP LOCKED}, so concurrent workers never claim the same row) and leases them by
 * moving their next_attempt_at past the longest a delivery can take; sends them concurrently outside any
 * transaction; then records each outcome (only if its lease is still this worker's). A worker that dies mid-way
 * leaves leases that expire, and the deliveries go out again: at least once, with the same webhook-id.
 */
@ApplicationScoped
public class WebhookDispatcher {

    private static final Logger LOG = Logger.getLogger(WebhookDispatcher.class);

    /** One claimed delivery, with what is needed to send it. */
    record Claimed(UUID deliveryId, UUID webhookId, UUID eventId, int attempts, String url, String secret, String body,
                   String traceparent) {
    }

    private static final String CLAIM_RETURNING = " RETURNING d.id, d.webhook_id, d.event_id, d.attempts, w.url, w.secret, e.body, e.traceparent";

    private final EntityManager em;
    private final WebhookConfig config;
    private final WebhookClient client;
    private final ObjectMapper mapper;
    private final MeterRegistry metrics;

    public WebhookDispatcher(EntityManager em, WebhookConfig config, WebhookClient client, ObjectMapper mapper, MeterRegistry metrics) {
        this.em = em;
        this.config = config;
        this.client = client;
        this.mapper = mapper;
        this.metrics = metrics;
    }

    @Scheduled(identity = "webhook-deliveries", every = "${qbank.webhooks.worker.interval:1s}",
            concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    void scheduled() {
        if (config.worker().enabled()) {
            deliverDue();
        }
    }

    /** Claims, sends and records one batch of due deliveries; returns how many were attempted. */
    public int deliverDue() {
        UUID token = UUID.randomUUID();
        List<Claimed> claimed = QuarkusTransaction.requiringNew().call(() -> claim(token));
        if (claimed.isEmpty()) {
            return 0;
        }
        List<CompletableFuture<WebhookClient.Outcome>> sends = new ArrayList<>();
        for (Claimed delivery : claimed) {
            sends.add(send(delivery));
        }
        CompletableFuture.allOf(sends.toArray(CompletableFuture[]::new)).join();
        for (int i = 0; i < claimed.size(); i++) {
            Claimed delivery = claimed.get(i);
            WebhookClient.Outcome outcome = sends.get(i).join();
            try {
                QuarkusTransaction.requiringNew().run(() -> record(delivery, outcome, token));
            } catch (RuntimeException e) {
                // The lease expires and the delivery is tried again.
                LOG.errorf(e, "Could not record the outcome of webhook delivery %s", delivery.deliveryId());
            }
        }
        return claimed.size();
    }

    /** Due deliveries to endpoints whose breaker is closed, plus one probe per endpoint whose open period is over. */
    private List<Claimed> claim(UUID token) {
        double lease = leaseSeconds();
        List<Claimed> claimed = new ArrayList<>(rows(em.createNativeQuery("WITH due AS (SELECT d.id FROM webhook_deliveries d "
                        + "JOIN webhooks w ON w.id = d.webhook_id WHERE d.status = 'pending' AND d.next_attempt_at <= now() "
                        + "AND w.disabled_at IS NULL AND w.breaker_state = 'closed' ORDER BY d.next_attempt_at LIMIT ?1 "
                        + "FOR UPDATE OF d SKIP LOCKED) "
                        + "UPDATE webhook_deliveries d SET next_attempt_at = now() + make_interval(secs => ?2), claim_token = ?3 "
                        + "FROM due, webhooks w, outbox_events e WHERE d.id = due.id AND w.id = d.webhook_id AND e.id = d.event_id"
                        + CLAIM_RETURNING, Object[].class)
                .setParameter(1, config.worker().batchSize()).setParameter(2, lease).setParameter(3, token).getResultList()));
        // Half-open: whoever moves an endpoint from open to half_open sends its one probe; the probe's lease is the
        // breaker's, so a probe lost with its worker is retried once the lease is over.
        @SuppressWarnings("unchecked")
        List<UUID> probing = em.createNativeQuery("UPDATE webhooks SET breaker_state = 'half_open', "
                        + "breaker_retry_at = now() + make_interval(secs => ?2) WHERE id IN (SELECT w.id FROM webhooks w "
                        + "WHERE w.disabled_at IS NULL AND w.breaker_state <> 'closed' AND w.breaker_retry_at <= now() "
                        + "AND EXISTS (SELECT 1 FROM webhook_deliveries d WHERE d.webhook_id = w.id AND d.status = 'pending' "
                        + "AND d.next_attempt_at <= now()) LIMIT ?1 FOR UPDATE SKIP LOCKED) RETURNING id")
                .setParameter(1, config.worker().batchSize()).setParameter(2, lease).getResultList();
        for (UUID webhook : probing) {
            claimed.addAll(rows(em.createNativeQuery("WITH due AS (SELECT d.id FROM webhook_deliveries d WHERE d.webhook_id = ?3 "
                            + "AND d.status = 'pending' AND d.next_attempt_at <= now() ORDER BY d.next_attempt_at LIMIT 1 "
                            + "FOR UPDATE SKIP LOCKED) "
                            + "UPDATE webhook_deliveries d SET next_attempt_at = now() + make_interval(secs => ?1), claim_token = ?2 "
                            + "FROM due, webhooks w, outbox_events e WHERE d.id = due.id AND w.id = d.webhook_id AND e.id = d.event_id"
                            + CLAIM_RETURNING, Object[].class)
                    .setParameter(1, lease).setParameter(2, token).setParameter(3, webhook).getResultList()));
        }
        return claimed;
    }

    private static List<Claimed> rows(List<?> rows) {
        List<Claimed> claimed = new ArrayList<>();
        for (Object row : rows) {
            Object[] r = (Object[]) row;
            claimed.add(new Claimed((UUID) r[0], (UUID) r[1], (UUID) r[2], ((Number) r[3]).intValue(), (String) r[4], (String) r[5],
                    (String) r[6], (String) r[7]));
        }
        return claimed;
    }

    /** Longer than any delivery can take, so a lease only expires when its worker is gone. */
    private double leaseSeconds() {
        return config.connectTimeout().plus(config.requestTimeout()).multipliedBy(2).plusSeconds(30).toMillis() / 1000.0;
    }

    private CompletableFuture<WebhookClient.Outcome> send(Claimed delivery) {
        WebhookTargets.Target target;
        try {
            // Checked again at every delivery: the name may resolve elsewhere now (DNS rebinding). The connection
            // goes to the address vetted here.
            target = WebhookTargets.vet(delivery.url(), config.allowPrivateTargets());
        } catch (WebhookTargets.Refused refused) {
            return CompletableFuture.completedFuture(new WebhookClient.Outcome(0, null, "target refused: url " + refused.getMessage(), 0));
        }
        long timestamp = Instant.now().getEpochSecond();
        String id = delivery.eventId().toString();
        Map<String, String> headers = new LinkedHashMap<>();
        headers.put("webhook-id", id);
        headers.put("webhook-timestamp", Long.toString(timestamp));
        headers.put("webhook-signature", WebhookSignature.sign(delivery.secret(), id, timestamp, delivery.body()));
        headers.put("traceparent", delivery.traceparent());
        return client.send(target, headers, delivery.body());
    }

    private void record(Claimed delivery, WebhookClient.Outcome outcome, UUID token) {
        Webhook webhook = em.find(Webhook.class, delivery.webhookId(), LockModeType.PESSIMISTIC_WRITE);
        if (webhook == null) {
            return;
        }
        Instant now = Instant.now().truncatedTo(ChronoUnit.MICROS);
        int attempt = delivery.attempts() + 1;
        String status;
        Duration retryIn = null;
        if (outcome.delivered()) {
            status = "succeeded";
            webhook.breaker(webhook.breaker().afterSuccess());
        } else if (outcome.status() == 410) {
            // 410 Gone: the receiver says the endpoint is gone for good. Stop sending to it.
            status = "failed";
            webhook.disabledAt = now;
            webhook.disabledReason = "The receiver answered 410 Gone";
            em.createNativeQuery("UPDATE webhook_deliveries SET status = 'cancelled', next_attempt_at = NULL, finished_at = ?2 "
                            + "WHERE webhook_id = ?1 AND status = 'pending' AND id <> ?3")
                    .setParameter(1, webhook.id).setParameter(2, now).setParameter(3, delivery.deliveryId()).executeUpdate();
        } else {
            webhook.breaker(webhook.breaker().afterFailure(now, config.breaker()));
            if (attempt >= config.retry().maxAttempts()) {
                status = "failed";
            } else {
                status = "pending";
                retryIn = RetryPolicy.nextDelay(attempt, RetryPolicy.retryAfter(outcome.retryAfter(), now), config.retry(),
                        ThreadLocalRandom.current().nextDouble());
            }
        }
        Map<String, Object> entry = new LinkedHashMap<>();
        entry.put("attempt", attempt);
        entry.put("at", now.toString());
        entry.put("status_code", outcome.status() == 0 ? null : outcome.status());
        entry.put("error", outcome.error());
        entry.put("duration_ms", outcome.durationMs());
        String sql = "UPDATE webhook_deliveries SET attempts = ?3, status = ?4, last_status_code = NULLIF(?5, -1), last_error = NULLIF(?6, ''), "
                + "attempt_log = attempt_log || cast(?7 as jsonb), claim_token = NULL, "
                + (retryIn == null ? "next_attempt_at = NULL, finished_at = ?8 " : "next_attempt_at = ?8 ")
                + "WHERE id = ?1 AND claim_token = ?2";
        var update = em.createNativeQuery(sql)
                .setParameter(1, delivery.deliveryId()).setParameter(2, token).setParameter(3, attempt).setParameter(4, status)
                .setParameter(5, outcome.status() == 0 ? -1 : outcome.status()).setParameter(6, outcome.error() == null ? "" : outcome.error())
                .setParameter(7, json(entry))
                .setParameter(8, retryIn == null ? now : now.plus(retryIn));
        if (update.executeUpdate() == 0) {
            LOG.warnf("Webhook delivery %s was taken over by another worker after its lease expired", delivery.deliveryId());
        }
        // Outcome of every attempt: delivered, retrying, failed (gave up), or gone (410; the endpoint is disabled).
        String result = outcome.delivered() ? "delivered" : outcome.status() == 410 ? "gone" : retryIn != null ? "retrying" : "failed";
        metrics.counter("qbank.webhooks.delivery.attempts", "outcome", result).increment();
    }

    private String json(Object value) {
        try {
            return mapper.writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Events and their delivery history are kept for qbank.webhooks.retention once nothing is left to deliver. */
    @Scheduled(identity = "webhook-purge", every = "1h", delayed = "1m")
    void purgeOldEvents() {
        double retention = config.retention().toSeconds();
        QuarkusTransaction.requiringNew().run(() -> em.createNativeQuery("DELETE FROM outbox_events e "
                        + "WHERE e.created_at < now() - make_interval(secs => ?1) "
                        + "AND NOT EXISTS (SELECT 1 FROM webhook_deliveries d WHERE d.event_id = e.id AND d.status = 'pending')")
                .setParameter(1, retention).executeUpdate());
    }
}

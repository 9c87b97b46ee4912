package dev.qbank.webhook;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.scheduler.Scheduled;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import jakarta.persistence.LockModeType;
import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Semaphore;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicInteger;
import org.jboss.logging.Logger;

/**
 * The delivery worker. Every instance runs it; there is no coordinator. Each run claims due deliveries in a short
 * transaction ({@code FOR UPDATE SKIP LOCKED}, so concurrent workers never claim the same row) and leases them by
 * moving their next_attempt_at past the longest a delivery can take; sends them outside any transaction; and records
 * each outcome (only if its lease is still this worker's). A worker that dies mid-way leaves leases that expire, and
 * the deliveries go out again: at least once, with the same webhook-id.
 *
 * <p>Isolation (issue 15, item 8): one slow receiver, or a slow resolver, must not delay anyone else's deliveries.
 * So a run never waits for its sends: each delivery is recorded on its own when its answer or its time-out comes, and
 * frees its slot for the next claim at once. A claim takes at most worker.per-target-concurrency deliveries per
 * webhook, counting those already in flight on any instance (leased rows), so a receiver that sleeps holds that many,
 * and no more; and at most worker.max-in-flight on this instance in all. Every attempt, host name resolution included
 * (WebhookResolver, off the worker), is over by request-timeout.
 */
@ApplicationScoped
public class WebhookDispatcher {

    private static final Logger LOG = Logger.getLogger(WebhookDispatcher.class);

    /** One claimed delivery, with what is needed to send it. */
    record Claimed(
            UUID deliveryId,
            UUID webhookId,
            UUID eventId,
            int attempts,
            String url,
            String secret,
            String body,
            String traceparent) {}

    /**
     * Per target: the webhooks with something due, oldest first, each locked (NO KEY UPDATE: not against the outbox's
     * inserts of new deliveries) so that two workers never fill one webhook's slots at once; and of each, its oldest
     * due deliveries, as many as per-target-concurrency leaves beside those in flight. In flight: leased (claim_token
     * set, lease not over), on any instance. A webhook whose slots are full is not claimed from.
     */
    private static final String CLAIM_SQL = """
            WITH targets AS (
                SELECT w.id, t.oldest
                FROM (SELECT d.webhook_id, min(d.next_attempt_at) AS oldest FROM webhook_deliveries d
                      WHERE d.status = 'pending' AND d.next_attempt_at <= now() GROUP BY d.webhook_id) t
                JOIN webhooks w ON w.id = t.webhook_id
                WHERE w.disabled_at IS NULL AND w.breaker_state = 'closed'
                ORDER BY t.oldest LIMIT :limit FOR NO KEY UPDATE OF w SKIP LOCKED
            ), due AS (
                SELECT x.id FROM targets t CROSS JOIN LATERAL (
                    SELECT d.id, d.next_attempt_at FROM webhook_deliveries d
                    WHERE d.webhook_id = t.id AND d.status = 'pending' AND d.next_attempt_at <= now()
                    ORDER BY d.next_attempt_at
                    LIMIT greatest(0, :perTarget - (
                        SELECT count(*) FROM webhook_deliveries f
                        WHERE f.webhook_id = t.id AND f.status = 'pending' AND f.claim_token IS NOT NULL
                          AND f.next_attempt_at > now()))
                    FOR UPDATE SKIP LOCKED) x
                ORDER BY x.next_attempt_at LIMIT :limit
            )
            UPDATE webhook_deliveries d SET next_attempt_at = now() + make_interval(secs => :lease), claim_token = :token
            FROM due, webhooks w, outbox_events e WHERE d.id = due.id AND w.id = d.webhook_id AND e.id = d.event_id
            RETURNING d.id, d.webhook_id, d.event_id, d.attempts, w.url, w.secret, e.body, e.traceparent""";

    /** Moves endpoints whose open period is over, and that have something due, from open to half_open. */
    private static final String HALF_OPEN_SQL = """
            UPDATE webhooks SET breaker_state = 'half_open', breaker_retry_at = now() + make_interval(secs => :lease)
            WHERE id IN (
                SELECT w.id FROM webhooks w
                WHERE w.disabled_at IS NULL AND w.breaker_state <> 'closed' AND w.breaker_retry_at <= now()
                  AND EXISTS (SELECT 1 FROM webhook_deliveries d
                              WHERE d.webhook_id = w.id AND d.status = 'pending' AND d.next_attempt_at <= now())
                LIMIT :limit FOR UPDATE SKIP LOCKED)
            RETURNING id""";

    /** The probe of a half-open endpoint: its oldest due delivery, claimed as {@link #CLAIM_SQL} claims. */
    private static final String PROBE_SQL = """
            WITH due AS (
                SELECT d.id FROM webhook_deliveries d
                WHERE d.webhook_id = :webhook AND d.status = 'pending' AND d.next_attempt_at <= now()
                ORDER BY d.next_attempt_at LIMIT 1 FOR UPDATE SKIP LOCKED
            )
            UPDATE webhook_deliveries d SET next_attempt_at = now() + make_interval(secs => :lease), claim_token = :token
            FROM due, webhooks w, outbox_events e WHERE d.id = due.id AND w.id = d.webhook_id AND e.id = d.event_id
            RETURNING d.id, d.webhook_id, d.event_id, d.attempts, w.url, w.secret, e.body, e.traceparent""";

    private final EntityManager em;
    private final WebhookConfig config;
    private final WebhookClient client;
    private final WebhookResolver resolver;
    private final ObjectMapper mapper;
    private final MeterRegistry metrics;
    /** This instance's in-flight slots (worker.max-in-flight): taken before a claim, given back as each is recorded. */
    private final Semaphore slots;
    /**
     * Records outcomes (a short transaction each) off the Vert.x event loop the answers arrive on, which must not
     * block. As many threads as the pool of database connections would sensibly give them; never more work queued than
     * max-in-flight, as each task holds a slot.
     */
    private final ExecutorService recorder;
    /** Refills asked for since the running one began; 0 when none runs. */
    private final AtomicInteger refills = new AtomicInteger();

    public WebhookDispatcher(
            EntityManager em,
            WebhookConfig config,
            WebhookClient client,
            WebhookResolver resolver,
            ObjectMapper mapper,
            MeterRegistry metrics) {
        this.em = em;
        this.config = config;
        this.client = client;
        this.resolver = resolver;
        this.mapper = mapper;
        this.metrics = metrics;
        this.slots = new Semaphore(config.worker().maxInFlight());
        AtomicInteger n = new AtomicInteger();
        this.recorder = Executors.newFixedThreadPool(4, task -> {
            Thread thread = new Thread(task, "qbank-webhook-recorder-" + n.incrementAndGet());
            thread.setDaemon(true);
            return thread;
        });
    }

    @PreDestroy
    void close() {
        recorder.shutdown();
    }

    @Scheduled(
            identity = "webhook-deliveries",
            every = "${qbank.webhooks.worker.interval:1s}",
            concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    void scheduled() {
        if (config.worker().enabled()) {
            deliverDue();
        }
    }

    /**
     * Claims one batch of due deliveries, as many as this instance has free slots for, and sends them; returns how
     * many were claimed. It does not wait for them: each is recorded when its outcome comes (then the next claim is
     * made at once, if this instance runs the worker, rather than at the next scheduled run).
     */
    public int deliverDue() {
        int wanted = Math.min(config.worker().batchSize(), slots.availablePermits());
        if (wanted <= 0 || !slots.tryAcquire(wanted)) {
            return 0;
        }
        List<Claimed> claimed;
        try {
            UUID token = UUID.randomUUID();
            claimed = QuarkusTransaction.requiringNew().call(() -> claim(token, wanted));
            if (claimed.size() < wanted) {
                slots.release(wanted - claimed.size());
            }
            for (Claimed delivery : claimed) {
                start(delivery, token);
            }
        } catch (RuntimeException e) {
            // Nothing claimed (the transaction rolled back): every slot is free again.
            slots.release(wanted);
            throw e;
        }
        return claimed.size();
    }

    /** Sends one claimed delivery, then records its outcome on the recorder and gives its slot back. */
    private void start(Claimed delivery, UUID token) {
        CompletableFuture<WebhookClient.Outcome> sent;
        try {
            sent = send(delivery);
        } catch (RuntimeException e) {
            sent = CompletableFuture.failedFuture(e);
        }
        sent.handle((outcome, failure) -> failure == null
                        ? outcome
                        : new WebhookClient.Outcome(
                                0, null, "not sent: " + failure.getClass().getSimpleName(), 0))
                .thenAcceptAsync(
                        outcome -> {
                            try {
                                QuarkusTransaction.requiringNew().run(() -> record(delivery, outcome, token));
                            } catch (RuntimeException e) {
                                // The lease expires and the delivery is tried again.
                                LOG.errorf(
                                        e,
                                        "Could not record the outcome of webhook delivery %s",
                                        delivery.deliveryId());
                            } finally {
                                slots.release();
                            }
                            refill();
                        },
                        recorder)
                .exceptionally(e -> {
                    // The recorder is shut down (the application is stopping): the lease expires, another instance
                    // delivers.
                    if (e instanceof java.util.concurrent.RejectedExecutionException
                            || e.getCause() instanceof java.util.concurrent.RejectedExecutionException) {
                        slots.release();
                    }
                    return null;
                });
    }

    /**
     * A slot is free: claim what is due now, rather than leave it until the next scheduled run. One refill runs at a
     * time; a slot freed meanwhile makes it go round once more instead of being forgotten (a claim made while another
     * delivery to the same webhook was being recorded skipped that webhook's locked row, and only a later round sees it).
     */
    private void refill() {
        if (!config.worker().enabled() || refills.getAndIncrement() != 0) {
            return;
        }
        int seen;
        do {
            seen = refills.get();
            try {
                deliverDue();
            } catch (RuntimeException e) {
                LOG.warnf(e, "Could not claim webhook deliveries; the scheduled run will try again");
            }
        } while (!refills.compareAndSet(seen, 0));
    }

    /** Due deliveries to endpoints whose breaker is closed, plus one probe per endpoint whose open period is over. */
    private List<Claimed> claim(UUID token, int limit) {
        double lease = leaseSeconds();
        List<Claimed> claimed = new ArrayList<>(rows(em.createNativeQuery(CLAIM_SQL, Object[].class)
                .setParameter("limit", limit)
                .setParameter("lease", lease)
                .setParameter("token", token)
                .setParameter("perTarget", config.worker().perTargetConcurrency())
                .getResultList()));
        // Half-open: whoever moves an endpoint from open to half_open sends its one probe; the probe's lease is the
        // breaker's, so a probe lost with its worker is retried once the lease is over.
        @SuppressWarnings("unchecked")
        List<UUID> probing = em.createNativeQuery(HALF_OPEN_SQL)
                .setParameter("limit", Math.max(0, limit - claimed.size()))
                .setParameter("lease", lease)
                .getResultList();
        for (UUID webhook : probing) {
            claimed.addAll(rows(em.createNativeQuery(PROBE_SQL, Object[].class)
                    .setParameter("lease", lease)
                    .setParameter("token", token)
                    .setParameter("webhook", webhook)
                    .getResultList()));
        }
        return claimed;
    }

    private static List<Claimed> rows(List<?> rows) {
        List<Claimed> claimed = new ArrayList<>();
        for (Object row : rows) {
            Object[] r = (Object[]) row;
            claimed.add(new Claimed(
                    (UUID) r[0],
                    (UUID) r[1],
                    (UUID) r[2],
                    ((Number) r[3]).intValue(),
                    (String) r[4],
                    (String) r[5],
                    (String) r[6],
                    (String) r[7]));
        }
        return claimed;
    }

    /**
     * Longer than any delivery can take (request-timeout bounds the whole attempt, resolution included), with room
     * for recording it, so a lease only expires when its worker is gone.
     */
    private double leaseSeconds() {
        return config.connectTimeout()
                        .plus(config.requestTimeout())
                        .multipliedBy(2)
                        .plusSeconds(30)
                        .toMillis()
                / 1000.0;
    }

    private CompletableFuture<WebhookClient.Outcome> send(Claimed delivery) {
        long started = System.nanoTime();
        URI uri;
        try {
            uri = WebhookTargets.parse(delivery.url());
        } catch (WebhookTargets.Refused refused) {
            return CompletableFuture.completedFuture(refused(refused, started));
        }
        // Resolved again at every delivery, off this thread and within the attempt's time-out: the name may resolve
        // elsewhere now (DNS rebinding), so the addresses are checked again, and the connection goes to the one
        // checked.
        Duration dnsTimeout = config.dns().timeout().compareTo(config.requestTimeout()) < 0
                ? config.dns().timeout()
                : config.requestTimeout();
        return resolver.resolve(WebhookTargets.bareHost(uri), dnsTimeout)
                .handle((addresses, failure) -> {
                    if (failure != null) {
                        return CompletableFuture.completedFuture(
                                refused(WebhookResolver.refusal(failure, dnsTimeout), started));
                    }
                    WebhookTargets.Target target;
                    try {
                        target = WebhookTargets.check(uri, addresses, config.allowPrivateTargets());
                    } catch (WebhookTargets.Refused refused) {
                        return CompletableFuture.completedFuture(refused(refused, started));
                    }
                    long timestamp = Instant.now().getEpochSecond();
                    String id = delivery.eventId().toString();
                    Map<String, String> headers = new LinkedHashMap<>();
                    headers.put("webhook-id", id);
                    headers.put("webhook-timestamp", Long.toString(timestamp));
                    headers.put(
                            "webhook-signature",
                            WebhookSignature.sign(delivery.secret(), id, timestamp, delivery.body()));
                    headers.put("traceparent", delivery.traceparent());
                    return client.send(target, headers, delivery.body(), started);
                })
                .thenCompose(outcome -> outcome);
    }

    private static WebhookClient.Outcome refused(WebhookTargets.Refused refused, long started) {
        return new WebhookClient.Outcome(
                0, null, "target refused: url " + refused.getMessage(), (System.nanoTime() - started) / 1_000_000);
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
            em.createNativeQuery("""
                            UPDATE webhook_deliveries SET status = 'cancelled', next_attempt_at = NULL, finished_at = :at
                            WHERE webhook_id = :webhook AND status = 'pending' AND id <> :delivery""")
                    .setParameter("webhook", webhook.id)
                    .setParameter("at", now)
                    .setParameter("delivery", delivery.deliveryId())
                    .executeUpdate();
        } else {
            webhook.breaker(webhook.breaker().afterFailure(now, config.breaker()));
            if (attempt >= config.retry().maxAttempts()) {
                status = "failed";
            } else {
                status = "pending";
                retryIn = RetryPolicy.nextDelay(
                        attempt,
                        RetryPolicy.retryAfter(outcome.retryAfter(), now),
                        config.retry(),
                        ThreadLocalRandom.current().nextDouble());
            }
        }
        Map<String, Object> entry = new LinkedHashMap<>();
        entry.put("attempt", attempt);
        entry.put("at", now.toString());
        entry.put("status_code", outcome.status() == 0 ? null : outcome.status());
        entry.put("error", outcome.error());
        entry.put("duration_ms", outcome.durationMs());
        // A retry is due again at :at; a final outcome is finished at :at. Only the claim's holder may record it.
        String sql =
                """
                UPDATE webhook_deliveries SET attempts = :attempts, status = :status,
                    last_status_code = NULLIF(:statusCode, -1), last_error = NULLIF(:error, ''),
                    attempt_log = attempt_log || cast(:entry as jsonb), claim_token = NULL, %s
                WHERE id = :delivery AND claim_token = :token""".formatted(retryIn == null ? "next_attempt_at = NULL, finished_at = :at" : "next_attempt_at = :at");
        var update = em.createNativeQuery(sql)
                .setParameter("delivery", delivery.deliveryId())
                .setParameter("token", token)
                .setParameter("attempts", attempt)
                .setParameter("status", status)
                .setParameter("statusCode", outcome.status() == 0 ? -1 : outcome.status())
                .setParameter("error", outcome.error() == null ? "" : outcome.error())
                .setParameter("entry", json(entry))
                .setParameter("at", retryIn == null ? now : now.plus(retryIn));
        if (update.executeUpdate() == 0) {
            LOG.warnf(
                    "Webhook delivery %s was taken over by another worker after its lease expired",
                    delivery.deliveryId());
        }
        // Outcome of every attempt: delivered, retrying, failed (gave up), or gone (410; the endpoint is disabled).
        String result = outcome.delivered()
                ? "delivered"
                : outcome.status() == 410 ? "gone" : retryIn != null ? "retrying" : "failed";
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
        QuarkusTransaction.requiringNew().run(() -> em.createNativeQuery("""
                        DELETE FROM outbox_events e
                        WHERE e.created_at < now() - make_interval(secs => :retention)
                          AND NOT EXISTS (SELECT 1 FROM webhook_deliveries d WHERE d.event_id = e.id AND d.status = 'pending')""")
                .setParameter("retention", retention)
                .executeUpdate());
    }
}

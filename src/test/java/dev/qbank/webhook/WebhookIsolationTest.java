package dev.qbank.webhook;

import static dev.qbank.support.Keys.asAdmin;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.qbank.support.ApiTest;
import dev.qbank.support.Eventually;
import dev.qbank.support.WebhookReceiver;
import dev.qbank.support.WebhookReceiver.Reply;
import dev.qbank.support.WebhookScene;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.net.InetAddress;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.jboss.logging.Logger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * One slow receiver must not hold up another's deliveries (issue 15, item 8). Receiver A sleeps 10 s before every
 * answer (longer than the test profile's 5 s request time-out), receiver B answers at once; both subscribe to the same
 * events, more of them than one claim takes. The deliveries are left to the scheduled worker, as in production: a test
 * that ran extra workers would hide a worker that waits for its slowest delivery.
 */
@QuarkusTest
class WebhookIsolationTest extends ApiTest {

    private static final Logger LOG = Logger.getLogger(WebhookIsolationTest.class);
    private static final ObjectMapper JSON = new ObjectMapper();

    /** More events than the worker's batch-size (20) divided by the two subscriptions. */
    private static final int EVENTS = 12;

    /** "A few seconds": the worker's 1 s interval, plus room for a loaded 2-core test machine. */
    private static final Duration FEW_SECONDS = Duration.ofSeconds(3);

    private WebhookScene scene;

    @BeforeEach
    void createOwnCategory() {
        scene = WebhookScene.open("isolation");
    }

    @AfterEach
    void cleanUp() {
        scene.close();
    }

    @Inject
    WebhookResolver resolver;

    private String subscribe(String url) {
        String id = asAdmin()
                .contentType("application/json")
                .body(Map.of("url", url, "events", List.of("question.created")))
                .when()
                .post("/v1/webhooks")
                .then()
                .statusCode(201)
                .extract()
                .path("id");
        scene.track(id);
        return id;
    }

    /** Creates EVENTS questions; returns when each was asked for, by question number. */
    private Map<Integer, Instant> createQuestions(String topic) {
        Map<Integer, Instant> asked = new LinkedHashMap<>();
        for (int i = 0; i < EVENTS; i++) {
            Instant at = Instant.now();
            int number = asAdmin()
                    .contentType("application/json")
                    .body(Map.of(
                            "text", "What is " + topic + ", take " + i + "? " + scene.slug(), "category", scene.slug()))
                    .when()
                    .post("/v1/questions")
                    .then()
                    .statusCode(201)
                    .extract()
                    .path("number");
            asked.put(number, at);
        }
        return asked;
    }

    /** How long after its event each of the receiver's deliveries arrived (from the request that made the event). */
    private static List<Duration> latencies(WebhookReceiver receiver, Map<Integer, Instant> asked) {
        List<Duration> latencies = new ArrayList<>();
        for (WebhookReceiver.Received request : receiver.received()) {
            Instant event;
            try {
                event = asked.get(JSON.readTree(request.body())
                        .path("data")
                        .path("number")
                        .asInt());
            } catch (java.io.IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
            if (event != null) {
                latencies.add(Duration.between(event, request.at()));
            }
        }
        return latencies;
    }

    @Test
    void aReceiverThatSleepsTenSecondsDoesNotDelayAnotherReceiversDeliveries() throws Exception {
        WebhookReceiver slow = scene.receiver(n -> Reply.slow(200, 10_000));
        WebhookReceiver fast = scene.receiver(n -> Reply.status(200));
        subscribe(slow.url());
        subscribe(fast.url());

        Map<Integer, Instant> asked = createQuestions("a bulkhead");
        Eventually.within(
                Duration.ofSeconds(20),
                "every event at the fast receiver",
                () -> latencies(fast, asked).size() >= EVENTS);

        List<Duration> latencies = latencies(fast, asked);
        Duration worst = latencies.stream().max(Duration::compareTo).orElseThrow();
        LOG.infof(
                "Fast receiver's delivery latencies with a 10 s receiver beside it: %s (worst %d ms)",
                latencies.stream().map(Duration::toMillis).toList(), worst.toMillis());
        assertEquals(EVENTS, latencies.size(), "each event once at the fast receiver");
        assertTrue(
                worst.compareTo(FEW_SECONDS) < 0,
                "every delivery to the fast receiver within " + FEW_SECONDS
                        + " of its event, whatever the slow one does; worst " + worst.toMillis() + " ms: " + latencies);
        // The slow receiver is still asleep on its first requests: it has answered none of them yet.
        Instant firstAtSlow = slow.received().get(0).at();
        Instant lastAtFast = fast.received().stream()
                .map(WebhookReceiver.Received::at)
                .max(Instant::compareTo)
                .orElseThrow();
        assertTrue(Duration.between(firstAtSlow, lastAtFast).toMillis() < 10_000, "all of B's while A sleeps");
    }

    @Test
    void aHostNameWhoseResolutionHangsDelaysOnlyItsOwnDeliveries() throws Exception {
        WebhookReceiver stuck = scene.receiver(n -> Reply.status(200));
        WebhookReceiver fast = scene.receiver(n -> Reply.status(200));
        // The name resolves (to the receiver) when registered; then its resolver stops answering, as a DNS server that
        // drops queries would: every lookup of it hangs, until the test ends.
        CountDownLatch released = new CountDownLatch(1);
        java.util.concurrent.atomic.AtomicBoolean hanging = new java.util.concurrent.atomic.AtomicBoolean();
        java.util.concurrent.atomic.AtomicInteger hung = new java.util.concurrent.atomic.AtomicInteger();
        resolver.lookup(host -> {
            if (!host.endsWith(".hang.test")) {
                return WebhookResolver.SYSTEM.lookup(host);
            }
            if (hanging.get()) {
                hung.incrementAndGet();
                try {
                    released.await(60, TimeUnit.SECONDS);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
            return new InetAddress[] {InetAddress.getLoopbackAddress()};
        });
        try {
            String stuckHook = subscribe(stuck.url().replace("127.0.0.1", "resolver.hang.test"));
            subscribe(fast.url());
            hanging.set(true);

            Map<Integer, Instant> asked = createQuestions("a hung lookup");
            Eventually.within(
                    Duration.ofSeconds(20),
                    "every event at the fast receiver",
                    () -> latencies(fast, asked).size() >= EVENTS);
            List<Duration> latencies = latencies(fast, asked);
            Duration worst = latencies.stream().max(Duration::compareTo).orElseThrow();
            LOG.infof(
                    "Fast receiver's delivery latencies with a hanging resolver for the other: %s (worst %d ms)",
                    latencies.stream().map(Duration::toMillis).toList(), worst.toMillis());
            assertTrue(
                    worst.compareTo(FEW_SECONDS) < 0,
                    "every delivery to the fast receiver within " + FEW_SECONDS + " of its event; worst "
                            + worst.toMillis() + " ms: " + latencies);

            // The other's attempts end at the resolver's time-out (2 s), recorded as failures to be retried.
            Eventually.within(Duration.ofSeconds(15), "an attempt that timed out resolving", () -> {
                Object error = asAdmin()
                        .get("/v1/webhooks/" + stuckHook + "/deliveries")
                        .path("data.last_error");
                return error != null && error.toString().contains("did not resolve within");
            });
            assertEquals(0, stuck.count(), "nothing reached the receiver whose name did not resolve");
            // Lookups of one name share one thread: attempts that time out do not each leave a thread stuck.
            assertEquals(1, hung.get(), "one lookup of the hanging name, shared by its attempts");
        } finally {
            resolver.lookup(WebhookResolver.SYSTEM);
            released.countDown();
        }
    }
}

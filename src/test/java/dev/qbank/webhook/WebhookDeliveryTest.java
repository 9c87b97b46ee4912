package dev.qbank.webhook;

import static dev.qbank.support.Keys.as;
import static dev.qbank.support.Keys.asAdmin;
import static dev.qbank.support.Management.management;
import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.not;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.qbank.question.QuestionWrite;
import dev.qbank.question.QuestionWriteService;
import dev.qbank.support.ApiTest;
import dev.qbank.support.Eventually;
import dev.qbank.support.Keys;
import dev.qbank.support.WebhookReceiver;
import dev.qbank.support.WebhookReceiver.Reply;
import dev.qbank.support.WebhookScene;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Deliveries end to end, to real HTTP receivers on 127.0.0.1: at least once with one webhook-id and a valid Standard
 * Webhooks signature per attempt, backoff, Retry-After, 410, the circuit breaker, concurrent workers, and the
 * transactional outbox. The test profile's retry schedule starts at 100 ms; the tests also run the worker themselves
 * (as another instance would) rather than wait for its next scheduled run.
 */
@QuarkusTest
class WebhookDeliveryTest extends ApiTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Duration PATIENCE = Duration.ofSeconds(15);

    @Inject
    WebhookDispatcher dispatcher;

    @Inject
    QuestionWriteService questionWrites;

    private WebhookScene scene;

    @BeforeEach
    void createOwnCategory() {
        scene = WebhookScene.open("hooks");
    }

    @AfterEach
    void cleanUp() {
        scene.close();
    }

    /** Registers an admin webhook; returns {id, secret}. */
    private String[] adminWebhook(WebhookReceiver receiver, String... events) {
        io.restassured.response.Response created = asAdmin()
                .contentType("application/json")
                .body(Map.of("url", receiver.url(), "events", List.of(events)))
                .when()
                .post("/v1/webhooks");
        created.then().statusCode(201);
        String id = created.path("id");
        scene.track(id);
        return new String[] {id, created.path("secret")};
    }

    private int createQuestion(String text, String traceparent) {
        var request = asAdmin().contentType("application/json").body(Map.of("text", text, "category", scene.slug()));
        if (traceparent != null) {
            request.header("traceparent", traceparent);
        }
        return request.when()
                .post("/v1/questions")
                .then()
                .statusCode(201)
                .extract()
                .path("number");
    }

    /** Runs the worker (as any instance would) until the condition holds. */
    private void deliverUntil(String what, java.util.function.BooleanSupplier condition) {
        Eventually.within(PATIENCE, what, () -> {
            dispatcher.deliverDue();
            return condition.getAsBoolean();
        });
    }

    static boolean signatureVerifies(String secret, WebhookReceiver.Received request) throws Exception {
        Mac mac = Mac.getInstance("HmacSHA256");
        mac.init(new SecretKeySpec(Base64.getDecoder().decode(secret.substring("whsec_".length())), "HmacSHA256"));
        String signed = request.header("webhook-id") + "." + request.header("webhook-timestamp") + "." + request.body();
        String expected =
                "v1," + Base64.getEncoder().encodeToString(mac.doFinal(signed.getBytes(StandardCharsets.UTF_8)));
        return List.of(request.header("webhook-signature").split(" ")).contains(expected);
    }

    private List<Map<String, Object>> deliveries(String webhook) {
        return asAdmin()
                .when()
                .get("/v1/webhooks/" + webhook + "/deliveries")
                .then()
                .statusCode(200)
                .extract()
                .path("data");
    }

    @Test
    void aReceiverThatFailsTheFirstDeliveriesGetsTheSameEventAgainWithTheSameIdAndAValidSignature() throws Exception {
        WebhookReceiver receiver = scene.receiver(n -> Reply.status(n <= 2 ? 500 : 204));
        String[] webhook = adminWebhook(receiver, "question.created");
        String traceparent = "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01";
        int number = createQuestion("What is a dead letter queue? " + scene.slug(), traceparent);

        deliverUntil("three attempts", () -> receiver.count() >= 3);
        List<WebhookReceiver.Received> attempts = receiver.received();
        Set<String> ids = new HashSet<>();
        for (WebhookReceiver.Received attempt : attempts) {
            ids.add(attempt.header("webhook-id"));
            assertTrue(signatureVerifies(webhook[1], attempt), "signature of attempt " + attempt);
            assertEquals(
                    traceparent, attempt.header("traceparent"), "the traceparent of the request that caused the event");
            assertEquals("application/json", attempt.header("content-type"));
            long timestamp = Long.parseLong(attempt.header("webhook-timestamp"));
            assertTrue(Math.abs(timestamp - System.currentTimeMillis() / 1000) < 60, "a current timestamp");
            JsonNode body = JSON.readTree(attempt.body());
            assertEquals("question.created", body.path("type").asText());
            assertEquals(number, body.path("data").path("number").asInt());
        }
        assertEquals(1, ids.size(), "one webhook-id for every attempt: " + ids);
        assertEquals(attempts.get(0).body(), attempts.get(2).body(), "the same bytes every time");

        Eventually.within(PATIENCE, "the delivery recorded as succeeded", () -> "succeeded"
                .equals(deliveries(webhook[0]).get(0).get("status")));
        asAdmin()
                .when()
                .get("/v1/webhooks/" + webhook[0] + "/deliveries")
                .then()
                .statusCode(200)
                .body("data[0].event_id", equalTo(ids.iterator().next()))
                .body("data[0].event_type", equalTo("question.created"))
                .body("data[0].attempts", equalTo(3))
                .body("data[0].last_status_code", equalTo(204))
                .body("data[0].next_attempt_at", equalTo(null))
                .body("data[0].attempt_log.status_code", equalTo(List.of(500, 500, 204)));
        Thread.sleep(300);
        dispatcher.deliverDue();
        assertEquals(3, receiver.count(), "nothing more once delivered");

        // Operators see delivery outcomes in /q/metrics.
        String metrics = management()
                .when()
                .get("/q/metrics")
                .then()
                .statusCode(200)
                .extract()
                .asString();
        assertTrue(metrics.contains("qbank_webhooks_delivery_attempts_total{outcome=\"retrying\""), "retries counted");
        assertTrue(
                metrics.contains("qbank_webhooks_delivery_attempts_total{outcome=\"delivered\""), "deliveries counted");
    }

    @Test
    void aRetryAfterFromTheReceiverIsHonoured() throws Exception {
        WebhookReceiver receiver =
                scene.receiver(n -> n == 1 ? new Reply(503, Map.of("Retry-After", "1"), 0) : Reply.status(200));
        String[] webhook = adminWebhook(receiver, "question.created");
        createQuestion("What is load shedding? " + scene.slug(), null);
        deliverUntil("the second attempt", () -> receiver.count() >= 2);
        Duration gap = Duration.between(
                receiver.received().get(0).at(), receiver.received().get(1).at());
        assertTrue(gap.toMillis() >= 950, "waited as Retry-After asked (1 s, not the 100 ms backoff): " + gap);
        Eventually.within(PATIENCE, "the delivery recorded", () -> "succeeded"
                .equals(deliveries(webhook[0]).get(0).get("status")));
        assertEquals(
                List.of(503, 200),
                deliveries(webhook[0]).get(0).get("attempt_log") instanceof List<?> log
                        ? log.stream()
                                .map(a -> ((Map<?, ?>) a).get("status_code"))
                                .toList()
                        : List.of());
    }

    @Test
    void aDeadReceiverOpensTheBreakerWhichLetsAProbeThroughLaterAndCloses() throws Exception {
        WebhookReceiver receiver = scene.receiver(n -> Reply.status(503));
        String[] webhook = adminWebhook(receiver, "question.created");
        createQuestion("What is a bulkhead? " + scene.slug(), null);
        createQuestion("What is a half-open circuit? " + scene.slug(), null);

        deliverUntil("the breaker to open", () -> "open"
                .equals(asAdmin().get("/v1/webhooks/" + webhook[0]).path("breaker.state")));
        int whileOpen = receiver.count();
        assertTrue(whileOpen >= 3, "opened after the failure threshold (3): " + whileOpen);
        for (int i = 0; i < 6; i++) {
            dispatcher.deliverDue();
            Thread.sleep(100);
        }
        assertEquals(whileOpen, receiver.count(), "no delivery while the breaker is open");

        receiver.answer(n -> Reply.status(200));
        deliverUntil("both events delivered after the probe", () -> deliveries(webhook[0]).stream()
                .allMatch(d -> "succeeded".equals(d.get("status"))));
        asAdmin()
                .when()
                .get("/v1/webhooks/" + webhook[0])
                .then()
                .statusCode(200)
                .body("breaker.state", equalTo("closed"))
                .body("breaker.consecutive_failures", equalTo(0));
    }

    @Test
    void aReceiverAnswering410DisablesTheWebhook() throws Exception {
        WebhookReceiver receiver = scene.receiver(n -> Reply.status(410));
        String[] webhook = adminWebhook(receiver, "question.created", "question.deleted");
        int number = createQuestion("What is idempotent consumption? " + scene.slug(), null);
        deliverUntil(
                "the webhook disabled",
                () -> asAdmin().get("/v1/webhooks/" + webhook[0]).path("disabled_at") != null);
        asAdmin().when().delete("/v1/questions/" + number).then().statusCode(204);
        for (int i = 0; i < 3; i++) {
            dispatcher.deliverDue();
            Thread.sleep(100);
        }
        assertEquals(1, receiver.count(), "nothing is sent to a disabled webhook");
        asAdmin()
                .when()
                .get("/v1/webhooks/" + webhook[0] + "/deliveries")
                .then()
                .statusCode(200)
                .body("data.status", equalTo(List.of("failed")));
        asAdmin().when().post("/v1/webhooks/" + webhook[0] + "/test").then().statusCode(409);
    }

    @Test
    void twoWorkersRunningAtOnceDeliverEachEventOncePerSubscription() throws Exception {
        WebhookReceiver first = scene.receiver(n -> Reply.slow(200, 100));
        WebhookReceiver second = scene.receiver(n -> Reply.slow(200, 100));
        String firstHook = adminWebhook(first, "question.created")[0];
        String secondHook = adminWebhook(second, "question.created")[0];
        int events = 6;
        for (int i = 0; i < events; i++) {
            createQuestion("What is exactly-once delivery, take " + i + "? " + scene.slug(), null);
        }
        ExecutorService workers = Executors.newFixedThreadPool(2);
        CountDownLatch start = new CountDownLatch(1);
        List<Future<?>> running = new ArrayList<>();
        for (int w = 0; w < 2; w++) {
            running.add(workers.submit(() -> {
                start.await();
                long deadline = System.nanoTime() + PATIENCE.toNanos();
                while ((first.count() < events || second.count() < events) && System.nanoTime() < deadline) {
                    dispatcher.deliverDue();
                    Thread.sleep(20);
                }
                return null;
            }));
        }
        start.countDown();
        for (Future<?> worker : running) {
            worker.get();
        }
        workers.shutdown();
        Thread.sleep(300);
        for (Map.Entry<String, WebhookReceiver> subscription :
                Map.of(firstHook, first, secondHook, second).entrySet()) {
            List<String> ids = subscription.getValue().received().stream()
                    .map(r -> r.header("webhook-id"))
                    .toList();
            assertEquals(events, new HashSet<>(ids).size(), "every event, to every subscription: " + ids);
            // Each request is one recorded attempt of one claim: two workers never sent the same delivery at once.
            // (On an overloaded machine a delivery may time out and be retried, legitimately: at least once.)
            int recorded = deliveries(subscription.getKey()).stream()
                    .mapToInt(d -> (Integer) d.get("attempts"))
                    .sum();
            assertEquals(recorded, ids.size(), "one request per recorded attempt: " + ids);
            assertTrue(deliveries(subscription.getKey()).stream().allMatch(d -> "succeeded".equals(d.get("status"))));
        }
        assertEquals(
                new HashSet<>(first.received().stream()
                        .map(r -> r.header("webhook-id"))
                        .toList()),
                new HashSet<>(second.received().stream()
                        .map(r -> r.header("webhook-id"))
                        .toList()),
                "both subscriptions got the same events");
    }

    @Test
    void aChangeThatRollsBackEmitsNoEvent() throws Exception {
        WebhookReceiver receiver = scene.receiver(n -> Reply.status(200));
        String[] webhook = adminWebhook(receiver, "question.created");
        String text = "What is a compensating transaction? " + scene.slug();
        assertThrows(IllegalStateException.class, () -> QuarkusTransaction.requiringNew()
                .run(() -> {
                    questionWrites.create(new QuestionWrite(text, scene.slug(), null, null, null));
                    throw new IllegalStateException("the rest of the unit of work failed");
                }));
        for (int i = 0; i < 3; i++) {
            dispatcher.deliverDue();
            Thread.sleep(100);
        }
        assertEquals(0, receiver.count(), "no event for a change that rolled back");
        assertTrue(deliveries(webhook[0]).isEmpty());
        given().queryParam("category", scene.slug())
                .when()
                .get("/v1/questions")
                .then()
                .statusCode(200)
                .body("data.text", not(hasItem(text)));

        createQuestion(text, null);
        deliverUntil("the committed change's event", () -> receiver.count() == 1);
    }

    @Test
    void aLearnersWebhookReceivesTheirOwnAttemptsOnly() throws Exception {
        String ada = Keys.newLearner();
        String bob = Keys.newLearner();
        WebhookReceiver adas = scene.receiver(n -> Reply.status(200));
        WebhookReceiver bobs = scene.receiver(n -> Reply.status(200));
        String adaHook = as(ada).contentType("application/json")
                .body(Map.of("url", adas.url(), "events", List.of("attempt.created")))
                .when()
                .post("/v1/webhooks")
                .then()
                .statusCode(201)
                .extract()
                .path("id");
        String bobHook = as(bob).contentType("application/json")
                .body(Map.of("url", bobs.url(), "events", List.of("attempt.created")))
                .when()
                .post("/v1/webhooks")
                .then()
                .statusCode(201)
                .extract()
                .path("id");
        String adaAttempt = as(ada).contentType("application/json")
                .body(Map.of("question", 8, "answer", "Keyset.", "rating", "good", "duration_ms", 1000))
                .when()
                .post("/v1/attempts")
                .then()
                .statusCode(201)
                .extract()
                .path("id");
        String bobAttempt = as(bob).contentType("application/json")
                .body(Map.of("question", 9, "answer", "ETag.", "rating", "hard", "duration_ms", 2000))
                .when()
                .post("/v1/attempts")
                .then()
                .statusCode(201)
                .extract()
                .path("id");
        deliverUntil("one attempt each", () -> adas.count() >= 1 && bobs.count() >= 1);
        Thread.sleep(200);
        dispatcher.deliverDue();
        for (WebhookReceiver.Received request : adas.received()) {
            assertEquals(
                    "attempt.created",
                    JSON.readTree(request.body()).path("type").asText());
            assertEquals(
                    adaAttempt,
                    JSON.readTree(request.body()).path("data").path("id").asText(),
                    "only Ada's own attempt");
        }
        for (WebhookReceiver.Received request : bobs.received()) {
            assertEquals(
                    bobAttempt,
                    JSON.readTree(request.body()).path("data").path("id").asText(),
                    "only Bob's own attempt");
        }
        as(ada).when().delete("/v1/webhooks/" + adaHook).then().statusCode(204);
        as(bob).when().delete("/v1/webhooks/" + bobHook).then().statusCode(204);
    }
}

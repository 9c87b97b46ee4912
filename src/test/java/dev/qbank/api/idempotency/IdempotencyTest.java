package dev.qbank.api.idempotency;

import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.nullValue;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import dev.qbank.support.ApiTest;
import dev.qbank.support.Learner;
import dev.qbank.support.Rows;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;
import jakarta.inject.Inject;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** Idempotent POSTs, per draft-ietf-httpapi-idempotency-key-header. */
@QuarkusTest
class IdempotencyTest extends ApiTest {

    private static final String IN_USE = "https://qbank.dev/problems/idempotency-key-in-use";

    @Inject
    Rows rows;

    @Test
    void aRetryWithTheSameKeyAndBodyReplaysTheFirstResponseAndRecordsOnce() {
        Learner ada = Learner.signUp();
        String key = UUID.randomUUID().toString();
        Response first = ada.json(Learner.attempt(8, "good"))
                .header("Idempotency-Key", key)
                .when()
                .post("/v1/attempts");
        first.then().statusCode(201).header("Idempotent-Replayed", nullValue());

        Response retry = ada.json(Learner.attempt(8, "good"))
                .header("Idempotency-Key", key)
                .when()
                .post("/v1/attempts");
        retry.then()
                .statusCode(201)
                .contentType("application/json")
                .header("Idempotent-Replayed", equalTo("true"))
                .header("Location", equalTo(first.header("Location")))
                .header("ETag", equalTo(first.header("ETag")))
                .header("Cache-Control", equalTo(first.header("Cache-Control")))
                .header("Vary", equalTo(first.header("Vary")));
        assertArrayEquals(first.asByteArray(), retry.asByteArray());
        assertEquals(1, rows.attemptsOf(ada.id()), "one attempt for two requests");
    }

    @Test
    void theSameBodyWithItsFieldsInAnotherOrderIsTheSameRequest() {
        Learner ada = Learner.signUp();
        String key = UUID.randomUUID().toString();
        ada.request()
                .contentType("application/json")
                .header("Idempotency-Key", key)
                .body("{\"question\":8,\"answer\":\"a\",\"rating\":\"good\",\"duration_ms\":1000}")
                .when()
                .post("/v1/attempts")
                .then()
                .statusCode(201);
        ada.request()
                .contentType("application/json")
                .header("Idempotency-Key", key)
                .body("{\"duration_ms\":1000,\"rating\":\"good\",\n \"answer\":\"a\", \"question\":8}")
                .when()
                .post("/v1/attempts")
                .then()
                .statusCode(201)
                .header("Idempotent-Replayed", equalTo("true"));
        assertEquals(1, rows.attemptsOf(ada.id()));
    }

    @Test
    void theSameKeyWithAnotherBodyIsAnUnprocessableProblem() {
        Learner ada = Learner.signUp();
        String key = UUID.randomUUID().toString();
        ada.json(Learner.attempt(8, "good"))
                .header("Idempotency-Key", key)
                .when()
                .post("/v1/attempts")
                .then()
                .statusCode(201);
        ada.json(Learner.attempt(8, "easy"))
                .header("Idempotency-Key", key)
                .when()
                .post("/v1/attempts")
                .then()
                .statusCode(422)
                .contentType("application/problem+json")
                .body("type", equalTo("https://qbank.dev/problems/idempotency-key-reused"))
                .body("invalid_params[0].name", equalTo("Idempotency-Key"));
        assertEquals(1, rows.attemptsOf(ada.id()));
    }

    @Test
    void aQuotedStructuredFieldKeyAndTheBareTokenAreTheSameKey() {
        Learner ada = Learner.signUp();
        ada.json(Learner.attempt(8, "good"))
                .header("Idempotency-Key", "\"abc\"")
                .when()
                .post("/v1/attempts")
                .then()
                .statusCode(201);
        ada.json(Learner.attempt(8, "good"))
                .header("Idempotency-Key", "abc")
                .when()
                .post("/v1/attempts")
                .then()
                .statusCode(201)
                .header("Idempotent-Replayed", equalTo("true"));
        assertEquals(1, rows.attemptsOf(ada.id()));
    }

    @Test
    void keysAreScopedToTheCaller() {
        Learner ada = Learner.signUp();
        Learner bob = Learner.signUp();
        String key = "shared-" + UUID.randomUUID();
        String adas = ada.json(Learner.attempt(8, "good"))
                .header("Idempotency-Key", key)
                .when()
                .post("/v1/attempts")
                .then()
                .statusCode(201)
                .header("Idempotent-Replayed", nullValue())
                .extract()
                .path("id");
        String bobs = bob.json(Learner.attempt(8, "good"))
                .header("Idempotency-Key", key)
                .when()
                .post("/v1/attempts")
                .then()
                .statusCode(201)
                .header("Idempotent-Replayed", nullValue())
                .extract()
                .path("id");
        assertNotEquals(adas, bobs, "Bob gets his own attempt, not a replay of Ada's");
        assertEquals(1, rows.attemptsOf(ada.id()));
        assertEquals(1, rows.attemptsOf(bob.id()));
        bob.request().when().get("/v1/attempts/" + bobs).then().statusCode(200);
        bob.request().when().get("/v1/attempts/" + adas).then().statusCode(404);
    }

    @Test
    void aKeyOverTwoHundredFiftyFiveCharactersIsRefusedAndNothingIsWritten() {
        Learner ada = Learner.signUp();
        for (String key : List.of("k".repeat(256), "\"" + "k".repeat(256) + "\"", "\"\"", "caf\u00e9")) {
            ada.json(Learner.attempt(8, "good"))
                    .header("Idempotency-Key", key)
                    .when()
                    .post("/v1/attempts")
                    .then()
                    .statusCode(400)
                    .contentType("application/problem+json")
                    .body("type", equalTo("https://qbank.dev/problems/invalid-parameters"))
                    .body("invalid_params[0].name", equalTo("Idempotency-Key"));
        }
        assertEquals(0, rows.attemptsOf(ada.id()));
        assertEquals(0, rows.idempotencyKeysOf(ada.id()));
        ada.json(Learner.attempt(8, "good"))
                .header("Idempotency-Key", "k".repeat(255))
                .when()
                .post("/v1/attempts")
                .then()
                .statusCode(201);
    }

    @Test
    void aFailedRequestDoesNotBurnItsKey() {
        Learner ada = Learner.signUp();
        String key = UUID.randomUUID().toString();
        ada.json(Learner.attempt(999, "good"))
                .header("Idempotency-Key", key)
                .when()
                .post("/v1/attempts")
                .then()
                .statusCode(400)
                .body("invalid_params[0].name", equalTo("question"));
        assertEquals(0, rows.idempotencyKeysOf(ada.id()), "the claim was released");
        ada.json(Learner.attempt(9, "good"))
                .header("Idempotency-Key", key)
                .when()
                .post("/v1/attempts")
                .then()
                .statusCode(201)
                .header("Idempotent-Replayed", nullValue())
                .body("question", equalTo(9));
        assertEquals(1, rows.attemptsOf(ada.id()));
    }

    @Test
    void aKeyThatLooksLikeSqlIsJustAKey() {
        Learner ada = Learner.signUp();
        String key = "'; DROP TABLE idempotency_keys; --";
        String id = ada.json(Learner.attempt(8, "good"))
                .header("Idempotency-Key", key)
                .when()
                .post("/v1/attempts")
                .then()
                .statusCode(201)
                .extract()
                .path("id");
        ada.json(Learner.attempt(8, "good"))
                .header("Idempotency-Key", key)
                .when()
                .post("/v1/attempts")
                .then()
                .statusCode(201)
                .header("Idempotent-Replayed", equalTo("true"))
                .body("id", equalTo(id));
        assertEquals(1, rows.idempotencyKeysOf(ada.id()));
    }

    @Test
    void thirtyTwoConcurrentRequestsWithOneKeyRecordExactlyOneAttempt() throws Exception {
        Learner ada = Learner.signUp();
        String key = UUID.randomUUID().toString();
        Map<String, Object> body = Learner.attempt(8, "good");
        List<Response> responses = atOnce(
                32, () -> ada.json(body).header("Idempotency-Key", key).when().post("/v1/attempts"));

        assertEquals(1, rows.attemptsOf(ada.id()), "exactly one attempt however many requests raced");
        String id = rows.<Object>list("SELECT id FROM attempts WHERE user_id = ?1", ada.id())
                .get(0)
                .toString();
        byte[] original = null;
        int created = 0;
        List<String> statuses = new ArrayList<>();
        for (Response response : responses) {
            statuses.add(response.statusCode() + (response.header("Idempotent-Replayed") == null ? "" : "r"));
            if (response.statusCode() == 201) {
                created++;
                assertEquals(id, response.path("id"));
                if (original == null) {
                    original = response.asByteArray();
                }
                assertArrayEquals(original, response.asByteArray(), "a replay is the original, byte for byte");
            } else if (response.statusCode() == 409) {
                response.then().contentType("application/problem+json").body("type", equalTo(IN_USE));
            } else {
                fail("unexpected " + response.statusCode() + ": " + response.asString());
            }
        }
        assertTrue(created >= 1, "at least one request was answered 201: " + statuses);
        long originals = responses.stream()
                .filter(r -> r.statusCode() == 201 && r.header("Idempotent-Replayed") == null)
                .count();
        assertEquals(1, originals, "exactly one response is the original: " + statuses);
        // Once settled, a retry is a replay.
        ada.json(body)
                .header("Idempotency-Key", key)
                .when()
                .post("/v1/attempts")
                .then()
                .statusCode(201)
                .header("Idempotent-Replayed", equalTo("true"));
    }

    @Test
    void concurrentRetriesOfAFinishedRequestAllReplayIt() throws Exception {
        // A finished request's key is not "in use": however many retries arrive at once, each gets the stored
        // response (bench/run's replay scenario caught a version that answered most of them 409).
        Learner ada = Learner.signUp();
        String key = UUID.randomUUID().toString();
        Map<String, Object> body = Learner.attempt(8, "good");
        String id = ada.json(body)
                .header("Idempotency-Key", key)
                .when()
                .post("/v1/attempts")
                .then()
                .statusCode(201)
                .extract()
                .path("id");
        for (Response response : atOnce(
                16, () -> ada.json(body).header("Idempotency-Key", key).when().post("/v1/attempts"))) {
            assertEquals(201, response.statusCode(), response.asString());
            assertEquals("true", response.header("Idempotent-Replayed"));
            assertEquals(id, response.path("id"));
        }
        assertEquals(1, rows.attemptsOf(ada.id()));
    }

    @Test
    void aRequestWithoutAKeyIsNotIdempotent() {
        Learner ada = Learner.signUp();
        ada.json(Learner.attempt(8, "good")).when().post("/v1/attempts").then().statusCode(201);
        ada.json(Learner.attempt(8, "good"))
                .when()
                .post("/v1/attempts")
                .then()
                .statusCode(201)
                .header("Idempotent-Replayed", nullValue());
        assertEquals(2, rows.attemptsOf(ada.id()));
        assertEquals(0, rows.idempotencyKeysOf(ada.id()));
    }

    @Test
    void theReplayOfAnAttemptIsItsFirstResponseEvenAfterItWasDeleted() {
        Learner ada = Learner.signUp();
        String key = UUID.randomUUID().toString();
        Map<String, Object> body = new LinkedHashMap<>(Learner.attempt(8, "good"));
        Response first = ada.json(body).header("Idempotency-Key", key).when().post("/v1/attempts");
        ada.request().when().delete(first.header("Location")).then().statusCode(204);
        // The draft: the server returns the stored result; it does not repeat the operation.
        ada.json(body)
                .header("Idempotency-Key", key)
                .when()
                .post("/v1/attempts")
                .then()
                .statusCode(201)
                .header("Idempotent-Replayed", equalTo("true"))
                .body("id", equalTo(first.path("id")))
                .header("Location", containsString(first.path("id").toString()));
        assertEquals(0, rows.attemptsOf(ada.id()));
    }

    /** Sends {@code clients} copies of the request at the same moment (all threads ready, then released together). */
    private static List<Response> atOnce(int clients, Callable<Response> request) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(clients);
        CountDownLatch ready = new CountDownLatch(clients);
        CountDownLatch go = new CountDownLatch(1);
        try {
            List<Future<Response>> futures = new ArrayList<>();
            for (int i = 0; i < clients; i++) {
                futures.add(pool.submit(() -> {
                    ready.countDown();
                    go.await();
                    return request.call();
                }));
            }
            assertTrue(ready.await(30, TimeUnit.SECONDS), "all clients ready");
            go.countDown();
            List<Response> responses = new ArrayList<>();
            for (Future<Response> future : futures) {
                responses.add(future.get(60, TimeUnit.SECONDS));
            }
            return responses;
        } finally {
            pool.shutdownNow();
        }
    }
}

package dev.qbank.webhook;

import static dev.qbank.support.Keys.as;
import static dev.qbank.support.Keys.asAdmin;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasSize;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.qbank.support.ApiTest;
import dev.qbank.support.Keys;
import dev.qbank.support.WebhookReceiver;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;

/** The cap on a learner's webhooks (qbank.webhooks.max-per-user, 10): exact, even when registrations race. */
@QuarkusTest
class WebhookLimitTest extends ApiTest {

    private static final int MAX = 10;
    private static final String LIMIT_REACHED = "https://qbank.dev/problems/webhook-limit-reached";

    private static Response register(String learner, String url) {
        return as(learner)
                .contentType("application/json")
                .body(Map.of("url", url, "events", List.of("attempt.created")))
                .when()
                .post("/v1/webhooks");
    }

    private static int count(String learner) {
        return as(learner)
                .queryParam("limit", 100)
                .when()
                .get("/v1/webhooks")
                .then()
                .statusCode(200)
                .extract()
                .<List<?>>path("data")
                .size();
    }

    @Test
    void oneWebhookMoreThanTheCapIsA409NamingTheLimitAndWritesNothing() throws Exception {
        try (WebhookReceiver receiver = WebhookReceiver.answering(200)) {
            String learner = Keys.newLearner();
            List<String> ids = new ArrayList<>();
            for (int i = 0; i < MAX; i++) {
                ids.add(register(learner, receiver.url())
                        .then()
                        .statusCode(201)
                        .extract()
                        .path("id"));
            }
            register(learner, receiver.url())
                    .then()
                    .statusCode(409)
                    .contentType("application/problem+json")
                    .body("type", equalTo(LIMIT_REACHED))
                    .body("title", equalTo("Webhook limit reached"))
                    .body("status", equalTo(409))
                    .body("max_webhooks", equalTo(MAX));
            assertEquals(MAX, count(learner), "nothing written by the refused registration");

            // The cap is per learner: another has all of theirs.
            String other = Keys.newLearner();
            register(other, receiver.url()).then().statusCode(201);
            // The admin's webhooks (the bank's) are not a learner's and are not capped by it.
            String admin = asAdmin()
                    .contentType("application/json")
                    .body(Map.of("url", receiver.url(), "events", List.of("question.created")))
                    .when()
                    .post("/v1/webhooks")
                    .then()
                    .statusCode(201)
                    .extract()
                    .path("id");
            asAdmin().when().delete("/v1/webhooks/" + admin).then().statusCode(204);

            // A deleted webhook no longer counts.
            as(learner).when().delete("/v1/webhooks/" + ids.get(0)).then().statusCode(204);
            register(learner, receiver.url()).then().statusCode(201);
            register(learner, receiver.url()).then().statusCode(409).body("type", equalTo(LIMIT_REACHED));
            as(learner)
                    .queryParam("limit", 100)
                    .when()
                    .get("/v1/webhooks")
                    .then()
                    .body("data", hasSize(MAX));
        }
    }

    @Test
    void registrationsRacingPastTheCapSucceedExactlyUpToIt() throws Exception {
        try (WebhookReceiver receiver = WebhookReceiver.answering(200)) {
            String learner = Keys.newLearner();
            register(learner, receiver.url()).then().statusCode(201); // one already there
            int racing = 16;
            ExecutorService clients = Executors.newFixedThreadPool(racing);
            CountDownLatch start = new CountDownLatch(1);
            List<Future<Response>> responses = new ArrayList<>();
            for (int i = 0; i < racing; i++) {
                responses.add(clients.submit(() -> {
                    start.await();
                    return register(learner, receiver.url());
                }));
            }
            start.countDown();
            int created = 0;
            int refused = 0;
            for (Future<Response> future : responses) {
                Response response = future.get();
                if (response.statusCode() == 201) {
                    created++;
                } else {
                    response.then()
                            .statusCode(409)
                            .body("type", equalTo(LIMIT_REACHED))
                            .body("max_webhooks", equalTo(MAX));
                    refused++;
                }
            }
            clients.shutdown();
            assertEquals(MAX - 1, created, "exactly up to the cap");
            assertEquals(racing - (MAX - 1), refused, "every other one refused, none with another status");
            assertEquals(MAX, count(learner), "the learner has exactly the cap");
        }
    }
}

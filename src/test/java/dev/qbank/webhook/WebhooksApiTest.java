package dev.qbank.webhook;

import static dev.qbank.support.Keys.as;
import static dev.qbank.support.Keys.asAdmin;
import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.hasKey;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.matchesPattern;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.notNullValue;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.qbank.support.ApiTest;
import dev.qbank.support.Eventually;
import dev.qbank.support.Keys;
import dev.qbank.support.WebhookReceiver;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Registering, reading, testing and deleting webhooks, and who may subscribe to what. */
@QuarkusTest
class WebhooksApiTest extends ApiTest {

    @Inject
    WebhookDispatcher dispatcher;

    @Test
    void registeringShowsTheSigningSecretOnceAndNeverAgain() throws Exception {
        try (WebhookReceiver receiver = WebhookReceiver.answering(200)) {
            String learner = Keys.newLearner();
            Response created = as(learner)
                    .contentType("application/json")
                    .body(Map.of("url", receiver.url(), "events", List.of("attempt.created")))
                    .when()
                    .post("/v1/webhooks");
            created.then()
                    .statusCode(201)
                    .header("Location", containsString("/v1/webhooks/"))
                    .body("secret", matchesPattern("whsec_[A-Za-z0-9+/]+=*"))
                    .body("events", equalTo(List.of("attempt.created")));
            String secret = created.path("secret");
            assertTrue(Base64.getDecoder().decode(secret.substring(6)).length >= 24, "24+ random bytes");
            String id = created.path("id");
            as(learner)
                    .when()
                    .get("/v1/webhooks/" + id)
                    .then()
                    .statusCode(200)
                    .body("$", not(hasKey("secret")))
                    .body("url", equalTo(receiver.url()))
                    .body("breaker.state", equalTo("closed"))
                    .body("_links.deliveries.href", equalTo("/v1/webhooks/" + id + "/deliveries"));
            as(learner)
                    .when()
                    .get("/v1/webhooks")
                    .then()
                    .statusCode(200)
                    .body("data.id", equalTo(List.of(id)))
                    .body("data[0]", not(hasKey("secret")));
            // Another learner, and the admin, see nothing of it.
            as(Keys.newLearner()).when().get("/v1/webhooks/" + id).then().statusCode(404);
            asAdmin().when().get("/v1/webhooks").then().statusCode(200).body("data.id", not(hasItem(id)));
            given().when().get("/v1/webhooks").then().statusCode(401);
            as(learner).when().delete("/v1/webhooks/" + id).then().statusCode(204);
            as(learner).when().get("/v1/webhooks/" + id).then().statusCode(404);
        }
    }

    @Test
    void theTestEventIsDeliveredSignedAndListedAmongTheDeliveries() throws Exception {
        try (WebhookReceiver receiver = WebhookReceiver.answering(200)) {
            Response created = asAdmin()
                    .contentType("application/json")
                    .body(Map.of("url", receiver.url(), "events", List.of("category.created")))
                    .when()
                    .post("/v1/webhooks");
            String id = created.path("id");
            asAdmin()
                    .when()
                    .post("/v1/webhooks/" + id + "/test")
                    .then()
                    .statusCode(202)
                    .header("Location", containsString("/v1/webhooks/" + id + "/deliveries"))
                    .body("event_type", equalTo("webhook.test"))
                    .body("status", equalTo("pending"));
            Eventually.within(Duration.ofSeconds(10), "the test event", () -> {
                dispatcher.deliverDue();
                return receiver.count() == 1;
            });
            assertTrue(WebhookDeliveryTest.signatureVerifies(
                    created.path("secret"), receiver.received().get(0)));
            assertTrue(receiver.received().get(0).body().contains("\"type\":\"webhook.test\""));
            Eventually.within(Duration.ofSeconds(10), "the delivery recorded", () -> "succeeded"
                    .equals(asAdmin().get("/v1/webhooks/" + id + "/deliveries").path("data[0].status")));
            asAdmin()
                    .queryParam("limit", 1)
                    .when()
                    .get("/v1/webhooks/" + id + "/deliveries")
                    .then()
                    .statusCode(200)
                    .body("data", hasSize(1))
                    .body("data[0].attempt_log[0].status_code", equalTo(200))
                    .body("data[0].finished_at", notNullValue());
            asAdmin().when().delete("/v1/webhooks/" + id).then().statusCode(204);
        }
    }

    @Test
    void eachSideSubscribesOnlyToItsOwnEvents() {
        String url = "http://127.0.0.1:9/hook";
        as(Keys.newLearner())
                .contentType("application/json")
                .body(Map.of("url", url, "events", List.of("question.created")))
                .when()
                .post("/v1/webhooks")
                .then()
                .statusCode(422)
                .body("invalid_params.name", equalTo(List.of("events")));
        asAdmin()
                .contentType("application/json")
                .body(Map.of("url", url, "events", List.of("attempt.created")))
                .when()
                .post("/v1/webhooks")
                .then()
                .statusCode(422)
                .body("type", equalTo("https://qbank.dev/problems/unprocessable-content"));
        asAdmin()
                .contentType("application/json")
                .body(Map.of("url", url, "events", List.of("question.exploded")))
                .when()
                .post("/v1/webhooks")
                .then()
                .statusCode(400)
                .body("invalid_params.name", equalTo(List.of("events")));
        asAdmin()
                .contentType("application/json")
                .body(Map.of("url", "ftp://127.0.0.1/hook", "events", List.of("question.created")))
                .when()
                .post("/v1/webhooks")
                .then()
                .statusCode(422)
                .body("invalid_params.name", equalTo(List.of("url")));
    }

    @Test
    void webhooksAreListedNewestFirstPageByPage() {
        String learner = Keys.newLearner();
        for (int i = 0; i < 3; i++) {
            as(learner)
                    .contentType("application/json")
                    .body(Map.of("url", "http://127.0.0.1:9/hook/" + i, "events", List.of("attempt.created")))
                    .when()
                    .post("/v1/webhooks")
                    .then()
                    .statusCode(201);
        }
        Response first = as(learner).queryParam("limit", 2).when().get("/v1/webhooks");
        first.then()
                .statusCode(200)
                .body("data", hasSize(2))
                .body("page.has_more", equalTo(true))
                .body("data[0].url", equalTo("http://127.0.0.1:9/hook/2"));
        as(learner)
                .queryParam("limit", 2)
                .queryParam("cursor", (String) first.path("page.next_cursor"))
                .when()
                .get("/v1/webhooks")
                .then()
                .statusCode(200)
                .body("data", hasSize(1))
                .body("data[0].url", equalTo("http://127.0.0.1:9/hook/0"));
        List<String> ids = as(learner).when().get("/v1/webhooks").path("data.id");
        ids.forEach(id -> as(learner).when().delete("/v1/webhooks/" + id).then().statusCode(204));
        assertEquals(3, ids.size());
    }
}

package dev.qbank.security;

import static dev.qbank.support.Keys.as;
import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.nullValue;

import dev.qbank.support.ApiTest;
import dev.qbank.support.Keys;
import dev.qbank.support.WebhookReceiver;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.specification.RequestSpecification;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;

/**
 * OWASP API8:2023 (security misconfiguration), sensitive data in caches: every response that carries a secret (an
 * API key's on sign-up and on a new key, a webhook's signing secret) says {@code Cache-Control: no-store}, so that
 * neither a shared cache nor the client's own stores it, and so do their idempotent replays.
 */
@QuarkusTest
class SecretResponsesTest extends ApiTest {

    @Test
    void signUpAndItsReplayAreNoStore() {
        assertNoStoreWithReplay(() -> given().contentType("application/json"), "/v1/users", Map.of("name", "Grace"));
    }

    @Test
    void aNewKeyAndItsReplayAreNoStore() {
        String learner = Keys.newLearner();
        assertNoStoreWithReplay(
                () -> as(learner).contentType("application/json"), "/v1/users/me/keys", Map.of("name", "phone"));
    }

    @Test
    void aNewWebhookAndItsReplayAreNoStore() throws Exception {
        String learner = Keys.newLearner();
        try (WebhookReceiver receiver = WebhookReceiver.answering(200)) {
            assertNoStoreWithReplay(
                    () -> as(learner).contentType("application/json"),
                    "/v1/webhooks",
                    Map.of("url", receiver.url(), "events", List.of("attempt.created")));
        }
    }

    private static void assertNoStoreWithReplay(Supplier<RequestSpecification> request, String path, Object body) {
        String key = UUID.randomUUID().toString();
        String secret = request.get()
                .header("Idempotency-Key", key)
                .body(body)
                .when()
                .post(path)
                .then()
                .statusCode(201)
                .header("Cache-Control", equalTo("no-store"))
                .header("Idempotent-Replayed", nullValue())
                .extract()
                .body()
                .asString();
        String replayed = request.get()
                .header("Idempotency-Key", key)
                .body(body)
                .when()
                .post(path)
                .then()
                .statusCode(201)
                .header("Cache-Control", equalTo("no-store"))
                .header("Idempotent-Replayed", equalTo("true"))
                .extract()
                .body()
                .asString();
        org.junit.jupiter.api.Assertions.assertEquals(secret, replayed, "the replay is the same response");
    }
}

package dev.qbank.webhook;

import static dev.qbank.support.Keys.asAdmin;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.qbank.support.ApiTest;
import dev.qbank.support.Eventually;
import dev.qbank.support.Keys;
import dev.qbank.support.WebhookReceiver;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** The SSRF guard through HTTP, switched on as in production (the rest of the test profile lifts it). */
@QuarkusTest
@TestProfile(SsrfGuardApiTest.GuardOn.class)
class SsrfGuardApiTest extends ApiTest {

    public static class GuardOn implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("qbank.webhooks.allow-private-targets", "false");
        }
    }

    @Inject
    WebhookDispatcher dispatcher;

    @Inject
    EntityManager em;

    @Test
    void registeringAnInternalTargetIs422NamingTheUrl() {
        for (String url : List.of(
                "http://127.0.0.1:8080/hook",
                "http://localhost/hook",
                "http://169.254.169.254/latest/meta-data/",
                "http://[fd00:ec2::254]/",
                "http://10.1.2.3/",
                "http://[::1]:9000/")) {
            asAdmin()
                    .contentType("application/json")
                    .body(Map.of("url", url, "events", List.of("question.created")))
                    .when()
                    .post("/v1/webhooks")
                    .then()
                    .statusCode(422)
                    .contentType("application/problem+json")
                    .body("type", equalTo("https://qbank.dev/problems/unprocessable-content"))
                    .body("invalid_params[0].name", equalTo("url"))
                    .body("invalid_params[0].reason", containsString("must not target"));
        }
    }

    @Test
    void aTargetThatResolvesInternallyAtDeliveryTimeIsNotContacted() throws Exception {
        try (WebhookReceiver receiver = WebhookReceiver.answering(200)) {
            // As if the name had resolved to a public address at registration and to 127.0.0.1 now (DNS rebinding).
            UUID id = UUID.randomUUID();
            QuarkusTransaction.requiringNew().run(() -> {
                Webhook webhook = new Webhook();
                webhook.id = id;
                webhook.url = receiver.url();
                webhook.events = new ArrayList<>(List.of("category.created"));
                webhook.secret = WebhookSignature.newSecret();
                webhook.createdAt = Instant.now();
                em.persist(webhook);
            });
            String slug = "ssrf-" + Keys.unique();
            asAdmin()
                    .contentType("application/json")
                    .body(Map.of("slug", slug, "name", "SSRF " + slug, "description", ""))
                    .when()
                    .post("/v1/categories")
                    .then()
                    .statusCode(201);
            Eventually.within(Duration.ofSeconds(10), "the refused attempt recorded", () -> {
                dispatcher.deliverDue();
                Object error =
                        asAdmin().get("/v1/webhooks/" + id + "/deliveries").path("data[0].last_error");
                return error != null && error.toString().contains("target refused");
            });
            assertEquals(0, receiver.count(), "the receiver was never contacted");
            asAdmin().when().delete("/v1/webhooks/" + id).then().statusCode(204);
            asAdmin().when().delete("/v1/categories/" + slug).then().statusCode(204);
        }
    }
}

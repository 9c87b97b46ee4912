package dev.qbank.support;

import static dev.qbank.support.Keys.asAdmin;
import static io.restassured.RestAssured.given;

import dev.qbank.support.WebhookReceiver.Reply;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.IntFunction;

/**
 * What a webhook test sets up in the shared bank, and takes down after it: a category of its own (so its events are
 * told apart from other tests'), the receivers it started and the webhooks it registered, then the questions it
 * created in that category.
 */
public final class WebhookScene {

    private final String slug;
    private final List<WebhookReceiver> receivers = new ArrayList<>();
    private final List<String> webhooks = new ArrayList<>();

    private WebhookScene(String slug) {
        this.slug = slug;
    }

    /** Creates the category {@code <prefix>-<unique>}. */
    public static WebhookScene open(String prefix) {
        WebhookScene scene = new WebhookScene(prefix + "-" + Keys.unique());
        asAdmin()
                .contentType("application/json")
                .body(Map.of("slug", scene.slug, "name", "Webhook test " + scene.slug, "description", ""))
                .when()
                .post("/v1/categories")
                .then()
                .statusCode(201);
        return scene;
    }

    public String slug() {
        return slug;
    }

    /** A receiver answering the n-th delivery it gets with {@code answer(n)}, closed with the scene. */
    public WebhookReceiver receiver(IntFunction<Reply> answer) throws Exception {
        WebhookReceiver receiver = new WebhookReceiver(answer);
        receivers.add(receiver);
        return receiver;
    }

    /** A webhook this test registered, deleted with the scene; returns its id. */
    public String track(String webhookId) {
        webhooks.add(webhookId);
        return webhookId;
    }

    public void close() {
        webhooks.forEach(id -> asAdmin().when().delete("/v1/webhooks/" + id));
        receivers.forEach(WebhookReceiver::close);
        List<Integer> numbers = given().queryParam("limit", 100)
                .when()
                .get("/v1/categories/" + slug + "/questions")
                .then()
                .extract()
                .path("data.number");
        if (numbers != null) {
            numbers.forEach(n -> asAdmin().when().delete("/v1/questions/" + n));
        }
        asAdmin().when().delete("/v1/categories/" + slug);
    }
}

package dev.qbank.support;

import static io.restassured.RestAssured.given;

import io.restassured.path.json.JsonPath;
import io.restassured.specification.RequestSpecification;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;

/**
 * A learner signed up through the API for one test: their id, their first key and its secret. Each test signs up
 * its own learners, so tests sharing the database never see each other's rows.
 */
public record Learner(UUID id, String name, UUID keyId, String key) {

    public static Learner signUp() {
        return signUp("Learner " + UUID.randomUUID().toString().substring(0, 8));
    }

    public static Learner signUp(String name) {
        JsonPath body = given().contentType("application/json")
                .body(Map.of("name", name))
                .when()
                .post("/v1/users")
                .then()
                .statusCode(201)
                .extract()
                .jsonPath();
        return new Learner(
                UUID.fromString(body.getString("user.id")),
                name,
                UUID.fromString(body.getString("api_key.id")),
                body.getString("api_key.secret"));
    }

    /** A request authenticated with this learner's key. */
    public RequestSpecification request() {
        return given().header("Authorization", "Bearer " + key);
    }

    /** A request with a JSON body, authenticated with this learner's key. */
    public RequestSpecification json(Object body) {
        return request().contentType("application/json").body(body);
    }

    /** Records an attempt and returns its id. */
    public UUID record(int question, String rating) {
        String id = json(attempt(question, rating))
                .when()
                .post("/v1/attempts")
                .then()
                .statusCode(201)
                .extract()
                .path("id");
        return UUID.fromString(id);
    }

    /** A valid attempt body. */
    public static Map<String, Object> attempt(int question, String rating) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("question", question);
        body.put("answer", "An answer to question " + question);
        body.put("rating", rating);
        body.put("duration_ms", 93_000);
        return body;
    }

    /** A valid attempt body with one field replaced (or added). */
    public static Map<String, Object> attemptWith(String field, Object value) {
        Map<String, Object> body = attempt(8, "good");
        body.put(field, value);
        return body;
    }
}

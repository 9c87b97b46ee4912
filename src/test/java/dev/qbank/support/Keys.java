package dev.qbank.support;

import static io.restassured.RestAssured.given;

import io.restassured.specification.RequestSpecification;
import java.util.Map;
import java.util.UUID;

/** API keys for the tests: the admin key of the test profile, and new learners signed up on demand. */
public final class Keys {

    /** %test.qbank.admin.key in application.properties. */
    public static final String ADMIN = "test-admin-key-0123456789-abcdefghijklmnopqrstuvwxyz";

    private Keys() {}

    public static RequestSpecification asAdmin() {
        return given().header("Authorization", "Bearer " + ADMIN);
    }

    public static RequestSpecification as(String key) {
        return given().header("Authorization", "Bearer " + key);
    }

    /** Signs a new learner up and returns their API key. */
    public static String newLearner() {
        return given().contentType("application/json")
                .body(Map.of("name", "Learner " + UUID.randomUUID().toString().substring(0, 8)))
                .when()
                .post("/v1/users")
                .then()
                .statusCode(201)
                .extract()
                .path("api_key.secret");
    }

    /** A fresh lower-case slug suffix, so that each test's categories are its own. */
    public static String unique() {
        return UUID.randomUUID().toString().substring(0, 8);
    }
}

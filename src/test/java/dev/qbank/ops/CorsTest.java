package dev.qbank.ops;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.allOf;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;

import dev.qbank.support.ApiTest;
import io.quarkus.test.junit.QuarkusTest;
import org.junit.jupiter.api.Test;

/** CORS for third-party browser frontends: bearer keys from any origin, our headers readable from JavaScript. */
@QuarkusTest
class CorsTest extends ApiTest {

    @Test
    void aPreflightAllowsOurMethodsAndHeadersAndIsCached() {
        given().header("Origin", "https://study.example")
                .header("Access-Control-Request-Method", "POST")
                .header(
                        "Access-Control-Request-Headers",
                        "authorization, content-type, idempotency-key, if-match, if-none-match, x-request-id")
                .when()
                .options("/v1/attempts")
                .then()
                .statusCode(200)
                .header("Access-Control-Allow-Origin", equalTo("*"))
                .header(
                        "Access-Control-Allow-Methods",
                        allOf(containsString("POST"), containsString("PATCH"), containsString("DELETE")))
                .header(
                        "Access-Control-Allow-Headers",
                        allOf(
                                containsString("Authorization"),
                                containsString("Idempotency-Key"),
                                containsString("If-Match"),
                                containsString("If-None-Match"),
                                containsString("X-Request-Id")))
                .header("Access-Control-Max-Age", equalTo("86400"));
    }

    @Test
    void aCrossOriginResponseExposesOurHeadersWithoutCredentials() {
        given().header("Origin", "https://study.example")
                .when()
                .get("/v1/questions?limit=2")
                .then()
                .statusCode(200)
                // "*", not the echoed origin: the response is public and cacheable, so every origin must get the same
                // one
                .header("Access-Control-Allow-Origin", equalTo("*"))
                .header("Access-Control-Allow-Credentials", org.hamcrest.Matchers.nullValue())
                .header(
                        "Access-Control-Expose-Headers",
                        allOf(
                                containsString("ETag"),
                                containsString("Link"),
                                containsString("Location"),
                                containsString("RateLimit"),
                                containsString("RateLimit-Policy"),
                                containsString("Retry-After"),
                                containsString("X-Request-Id"),
                                containsString("Deprecation"),
                                containsString("Sunset"),
                                containsString("Idempotent-Replayed"),
                                containsString("traceresponse")));
    }
}

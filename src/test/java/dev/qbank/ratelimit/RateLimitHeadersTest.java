package dev.qbank.ratelimit;

import static dev.qbank.support.Management.management;
import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.matchesPattern;
import static org.hamcrest.Matchers.nullValue;

import dev.qbank.support.ApiTest;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.specification.RequestSpecification;
import java.util.function.Function;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every response of the API carries RateLimit-Policy and RateLimit, whatever its status and whoever wrote it (a
 * resource, a problem mapper, the catch-all 404). The contract makes the two headers required, so the response
 * validation of the whole suite checks them on documented operations too; this covers the rest. Default profile:
 * the suite's quotas, which it cannot exhaust.
 */
@QuarkusTest
class RateLimitHeadersTest extends ApiTest {

    private static final String POLICY = "^\"anonymous\";q=[0-9]+;w=[0-9]+$";
    private static final String LIMIT = "^\"anonymous\";r=[0-9]+;t=[0-9]+$";

    static Stream<Arguments> responses() {
        return Stream.of(
                case_(200, r -> r.get("/v1/questions/1")),
                case_(200, r -> r.head("/v1/questions/1")),
                case_(304, r -> r.header("If-None-Match", "*").get("/v1/questions/1")),
                case_(400, r -> r.get("/v1/questions?limit=500")),
                case_(401, r -> r.get("/v1/attempts")),
                case_(401, r -> r.header("Authorization", "Bearer qb_not-a-key").get("/v1/questions/1")),
                case_(404, r -> r.get("/v1/questions/999")),
                case_(404, r -> r.get("/v1/no-such-route")),
                case_(404, r -> r.get("/no-such-route")),
                case_(405, r -> r.post("/v1/questions/1")),
                case_(406, r -> r.accept("application/xml").get("/v1/questions/1")),
                case_(415, r -> r.contentType("text/plain").body("x").post("/v1/_test/echo")),
                case_(500, r -> r.get("/v1/_test/boom")));
    }

    private static Arguments case_(
            int status, Function<RequestSpecification, io.restassured.response.Response> request) {
        return Arguments.of(status, request);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("responses")
    void everyResponseCarriesTheRateLimitHeaders(
            int status, Function<RequestSpecification, io.restassured.response.Response> request) {
        request.apply(given())
                .then()
                .statusCode(status)
                .header("RateLimit-Policy", matchesPattern(POLICY))
                .header("RateLimit", matchesPattern(LIMIT))
                .header("Retry-After", nullValue())
                .header("X-RateLimit-Limit", nullValue());
    }

    @org.junit.jupiter.api.Test
    void aSignUpShowsBothPoliciesItCounts() {
        given().contentType("application/json")
                .body("{\"name\": \"Ada\"}")
                .when()
                .post("/v1/users")
                .then()
                .statusCode(201)
                .header(
                        "RateLimit-Policy",
                        matchesPattern("^\"anonymous\";q=[0-9]+;w=60, \"sign-up\";q=[0-9]+;w=3600$"))
                .header(
                        "RateLimit",
                        matchesPattern("^\"anonymous\";r=[0-9]+;t=[0-9]+, \"sign-up\";r=[0-9]+;t=[0-9]+$"));
    }

    @org.junit.jupiter.api.Test
    void healthChecksAreNotLimited() {
        management()
                .when()
                .get("/q/health/live")
                .then()
                .statusCode(200)
                .header("RateLimit", nullValue())
                .header("RateLimit-Policy", nullValue());
    }

    @org.junit.jupiter.api.Test
    void withTheMemoryStoreNoRedisIsNeededOrChecked() {
        // No quarkus.redis.hosts: the Redis client is inactive and its readiness check has no client to ping.
        management()
                .when()
                .get("/q/health/ready")
                .then()
                .statusCode(200)
                .body("status", equalTo("UP"))
                .body("checks.find { it.name == 'Redis connection health check' }.data", nullValue());
    }
}

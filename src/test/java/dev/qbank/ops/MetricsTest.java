package dev.qbank.ops;

import static dev.qbank.support.Management.management;
import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;

import dev.qbank.support.ApiTest;
import io.quarkus.test.junit.QuarkusTest;
import org.junit.jupiter.api.Test;

/** Operators' view: liveness, readiness and Prometheus metrics. */
@QuarkusTest
class MetricsTest extends ApiTest {

    @Test
    void healthAndMetricsAreOnTheManagementPortOnly() {
        // OWASP API8/API9: operational data is not on the public port.
        given().when()
                .get("/q/metrics")
                .then()
                .statusCode(404)
                .contentType("application/problem+json")
                .header("RateLimit", org.hamcrest.Matchers.startsWith("\"anonymous\"")); // and probing it is charged
        given().when().get("/q/health/ready").then().statusCode(404);
        // The management interface is not metered: the orchestrator's probes are never refused.
        management()
                .when()
                .get("/q/metrics")
                .then()
                .statusCode(200)
                .header("RateLimit", org.hamcrest.Matchers.nullValue());
        management().when().get("/q/health/ready").then().statusCode(200);
    }

    @Test
    void healthEndpointsAnswerUp() {
        management().when().get("/q/health/live").then().statusCode(200).body(containsString("UP"));
        management()
                .when()
                .get("/q/health/ready")
                .then()
                .statusCode(200)
                .body(containsString("Database connections health check"));
    }

    @Test
    void prometheusMetricsHaveHttpHistogramsAndThePool() {
        given().when().get("/v1/questions/1").then().statusCode(200);
        String key = "metrics-" + System.nanoTime();
        for (int i = 0; i < 2; i++) {
            given().contentType("application/json")
                    .header("Idempotency-Key", key)
                    .body("{\"name\": \"Metrics\"}")
                    .when()
                    .post("/v1/users")
                    .then()
                    .statusCode(201);
        }
        management()
                .when()
                .get("/q/metrics")
                .then()
                .statusCode(200)
                .body(containsString("http_server_requests_seconds_bucket"))
                .body(containsString("agroal_active_count"))
                .body(containsString("qbank_idempotency_replays_total"));
    }
}

package dev.qbank.ops;

import static dev.qbank.support.Management.management;
import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;

import dev.qbank.support.ApiTest;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * A database that refuses connections (nothing listens on its port: a PostgreSQL that is down or restarting) gives
 * the same 503 problem as a frozen one, for REST, for authentication and for GraphQL, round after round. The service
 * starts without it (no migration, no schema validation at start-up, a configured cursor secret), as it would if its
 * database went away after the start.
 */
@QuarkusTest
@TestProfile(DatabaseRefusedTest.Refused.class)
class DatabaseRefusedTest extends ApiTest {

    public static class Refused implements QuarkusTestProfile {
        private static final int CLOSED_PORT = closedPort();

        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of(
                    "quarkus.datasource.jdbc.url", "jdbc:postgresql://127.0.0.1:" + CLOSED_PORT + "/postgres",
                    "quarkus.datasource.username", "postgres",
                    "quarkus.datasource.password", "",
                    "quarkus.flyway.migrate-at-start", "false",
                    "quarkus.hibernate-orm.schema-management.strategy", "none",
                    "qbank.pagination.cursor-secret", "a-cursor-secret-for-the-refused-database-test");
        }

        @Override
        public boolean disableGlobalTestResources() {
            return true; // no test PostgreSQL at all
        }

        private static int closedPort() {
            try (ServerSocket socket = new ServerSocket(0)) {
                return socket.getLocalPort(); // closed again when this returns: connecting to it is refused
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
    }

    @Test
    void aRefusedConnectionIs503WithRetryAfter() {
        for (int round = 1; round <= 3; round++) {
            given().when()
                    .get("/v1/questions/" + round)
                    .then()
                    .statusCode(503)
                    .contentType("application/problem+json")
                    .header("Retry-After", equalTo("5"))
                    .body("type", equalTo("https://qbank.dev/problems/service-unavailable"))
                    .body("status", equalTo(503));
        }
        management().when().get("/q/health/ready").then().statusCode(503);
    }

    @Test
    void everyRequestThatNeedsARefusingDatabaseIs503NeverA500() throws Exception {
        String key = "qb_" + "A".repeat(43); // well-formed, so authentication has to look it up
        for (int round = 1; round <= 3; round++) {
            DatabaseOutage.assertAllUnavailable(DatabaseOutage.burst(key), "connection refused, round " + round);
        }
    }
}

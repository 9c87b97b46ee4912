package dev.qbank.ratelimit;

import static dev.qbank.support.Management.management;
import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.matchesPattern;
import static org.hamcrest.Matchers.notNullValue;
import static org.hamcrest.Matchers.nullValue;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.qbank.support.ApiTest;
import io.agroal.api.AgroalDataSource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.restassured.response.Response;
import io.restassured.specification.RequestSpecification;
import jakarta.inject.Inject;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/**
 * The limiter through the front door, with small quotas over an hour (so no token comes back during a test). The
 * test client is a trusted proxy here, and each test speaks for its own client address through X-Forwarded-For, so
 * every test starts with full buckets.
 */
@QuarkusTest
@TestProfile(RateLimitTest.SmallQuotas.class)
class RateLimitTest extends ApiTest {

    static final String ADMIN_KEY = "rate-limit-test-admin-key-0123456789";

    public static class SmallQuotas implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            // %test. keys, as application.properties gives the suite large %test. quotas that plain keys would not
            // beat.
            return Map.ofEntries(
                    Map.entry("%test.qbank.rate-limit.anonymous.limit", "5"),
                    Map.entry("qbank.rate-limit.anonymous.window", "1h"),
                    Map.entry("%test.qbank.rate-limit.user.limit", "4"),
                    Map.entry("qbank.rate-limit.user.window", "1h"),
                    Map.entry("%test.qbank.rate-limit.admin.limit", "3"),
                    Map.entry("qbank.rate-limit.admin.window", "1h"),
                    Map.entry("%test.qbank.rate-limit.sign-up.limit", "2"),
                    Map.entry("qbank.rate-limit.sign-up.window", "1h"),
                    Map.entry("qbank.rate-limit.trusted-proxies", "127.0.0.1/32,::1/128"),
                    Map.entry("qbank.rate-limit.legacy-headers", "true"),
                    Map.entry("qbank.admin.key", ADMIN_KEY));
        }
    }

    private static final AtomicInteger NEXT_ADDRESS = new AtomicInteger(1);

    @Inject
    AgroalDataSource dataSource;

    /** A client address of its own (TEST-NET-2), so a test starts with full buckets. */
    private static String newClient() {
        int n = NEXT_ADDRESS.getAndIncrement();
        return "198.51.100." + n;
    }

    private static RequestSpecification from(String client) {
        return given().header("X-Forwarded-For", client);
    }

    @Test
    void theQuotaCountsDownThenA429ProblemSaysWhichPolicyAndWhenToRetry() {
        String client = newClient();
        for (int left = 4; left >= 0; left--) {
            from(client)
                    .when()
                    .get("/v1/questions/1")
                    .then()
                    .statusCode(200)
                    .header("RateLimit-Policy", equalTo("\"anonymous\";q=5;w=3600"))
                    .header("RateLimit", matchesPattern("^\"anonymous\";r=" + left + ";t=[0-9]+$"));
        }
        Response refused = from(client).when().get("/v1/questions/1");
        refused.then()
                .statusCode(429)
                .contentType("application/problem+json")
                .header("Cache-Control", equalTo("no-store"))
                .header("RateLimit-Policy", equalTo("\"anonymous\";q=5;w=3600"))
                .body("type", equalTo("https://iana.org/assignments/http-problem-types#quota-exceeded"))
                .body("status", equalTo(429))
                .body("violated-policies", contains("anonymous"))
                .body("instance", equalTo("/v1/questions/1"))
                .body("request_id", equalTo(refused.header("X-Request-Id")))
                .body("trace_id", matchesPattern("^[0-9a-f]{32}$"));
        // One token every 720 s: retry when it is back, which is also the effective window of r=0.
        long retryAfter = Long.parseLong(refused.header("Retry-After"));
        assertTrue(retryAfter > 700 && retryAfter <= 720, "Retry-After " + retryAfter);
        assertEquals("\"anonymous\";r=0;t=" + retryAfter, refused.header("RateLimit"));
    }

    @Test
    void behindAProxyThatSetsXForwardedForAClientCannotPickItsAddressWithForwarded() {
        // The proxy (the test client, trusted here) sets X-Forwarded-For; a Forwarded header it passes on came from
        // the client, and a fresh one on every request must not buy a fresh bucket.
        String client = newClient();
        for (int left = 4; left >= 0; left--) {
            from(client)
                    .header("Forwarded", "for=203.0.113." + (100 + left))
                    .when()
                    .get("/v1/questions/2")
                    .then()
                    .statusCode(200)
                    .header("RateLimit", matchesPattern("^\"anonymous\";r=" + left + ";t=[0-9]+$"));
        }
        from(client)
                .header("Forwarded", "for=203.0.113.99")
                .when()
                .get("/v1/questions/2")
                .then()
                .statusCode(429);
    }

    @Test
    void aConditionalGetAnswered304CostsNothingAndSaysSo() {
        String client = newClient();
        String etag = from(client)
                .when()
                .get("/v1/questions/8")
                .then()
                .statusCode(200)
                .header("RateLimit", matchesPattern("^\"anonymous\";r=4;t=[0-9]+$"))
                .extract()
                .header("ETag");
        for (int i = 0; i < 6; i++) {
            from(client)
                    .header("If-None-Match", etag)
                    .when()
                    .get("/v1/questions/8")
                    .then()
                    .statusCode(304)
                    .header("RateLimit-Policy", equalTo("\"anonymous\";q=5;w=3600"))
                    .header("RateLimit", matchesPattern("^\"anonymous\";r=4;t=[0-9]+$"));
        }
        from(client)
                .when()
                .get("/v1/questions/8")
                .then()
                .statusCode(200)
                .header("RateLimit", matchesPattern("^\"anonymous\";r=3;t=[0-9]+$"));
    }

    @Test
    void aRefusedRequestDoesNothing() throws SQLException {
        String client = newClient();
        String key = signUp(client);
        UUID userId = UUID.fromString(from(client)
                .header("Authorization", "Bearer " + key)
                .when()
                .get("/v1/users/me")
                .then()
                .statusCode(200)
                .header("RateLimit", matchesPattern("^\"user\";r=3;t=[0-9]+$"))
                .extract()
                .path("id"));
        for (int left = 2; left >= 0; left--) {
            from(client)
                    .header("Authorization", "Bearer " + key)
                    .when()
                    .get("/v1/attempts")
                    .then()
                    .statusCode(200)
                    .header("RateLimit", matchesPattern("^\"user\";r=" + left + ";t=[0-9]+$"));
        }
        from(client)
                .header("Authorization", "Bearer " + key)
                .header("Idempotency-Key", "\"refused-attempt\"")
                .contentType("application/json")
                .body("{\"question\": 8, \"answer\": \"a cursor\", \"rating\": \"good\", \"duration_ms\": 1000}")
                .when()
                .post("/v1/attempts")
                .then()
                .statusCode(429)
                .body("violated-policies", contains("user"));
        assertEquals(0, count("SELECT count(*) FROM attempts WHERE user_id = ?", userId));
        assertEquals(0, count("SELECT count(*) FROM idempotency_keys WHERE scope = ?", "user:" + userId));
    }

    @Test
    void signUpsHaveTheirOwnStricterQuotaPerAddress() throws SQLException {
        String client = newClient();
        String name = "rate-limited-" + UUID.randomUUID();
        for (int left = 1; left >= 0; left--) {
            from(client)
                    .contentType("application/json")
                    .body("{\"name\": \"" + name + "\"}")
                    .when()
                    .post("/v1/users")
                    .then()
                    .statusCode(201)
                    .header("RateLimit-Policy", equalTo("\"anonymous\";q=5;w=3600, \"sign-up\";q=2;w=3600"))
                    .header(
                            "RateLimit",
                            matchesPattern("^\"anonymous\";r=" + (left + 3) + ";t=[0-9]+, \"sign-up\";r=" + left
                                    + ";t=[0-9]+$"));
        }
        from(client)
                .contentType("application/json")
                .body("{\"name\": \"" + name + "\"}")
                .when()
                .post("/v1/users")
                .then()
                .statusCode(429)
                .header("RateLimit", matchesPattern("^\"anonymous\";r=2;t=[0-9]+, \"sign-up\";r=0;t=[0-9]+$"))
                .body("violated-policies", contains("sign-up"));
        assertEquals(2, count("SELECT count(*) FROM users WHERE name = ?", name));
        // Reading is still allowed: only signing up is exhausted.
        from(client).when().get("/v1/questions/1").then().statusCode(200);
    }

    @Test
    void aUserIsLimitedAsAUserAcrossAddressesAndKeys() {
        String key = signUp(newClient());
        from(newClient())
                .header("Authorization", "Bearer " + key)
                .when()
                .get("/v1/users/me")
                .then()
                .statusCode(200)
                .header("RateLimit-Policy", equalTo("\"user\";q=4;w=3600"))
                .header("RateLimit", matchesPattern("^\"user\";r=3;t=[0-9]+$"));
        String second = from(newClient())
                .header("Authorization", "Bearer " + key)
                .contentType("application/json")
                .body("{}")
                .when()
                .post("/v1/users/me/keys")
                .then()
                .statusCode(201)
                .header("RateLimit", matchesPattern("^\"user\";r=2;t=[0-9]+$"))
                .extract()
                .path("secret");
        from(newClient())
                .header("Authorization", "Bearer " + second)
                .when()
                .get("/v1/users/me")
                .then()
                .statusCode(200)
                .header("RateLimit", matchesPattern("^\"user\";r=1;t=[0-9]+$"));
    }

    @Test
    void graphQLSpendsTheSameQuotasAsRest() {
        String key = signUp(newClient());
        String query = "{\"query\":\"{ me { name } }\"}";
        from(newClient())
                .header("Authorization", "Bearer " + key)
                .when()
                .get("/v1/users/me")
                .then()
                .statusCode(200)
                .header("RateLimit", matchesPattern("^\"user\";r=3;t=[0-9]+$"));
        for (int left = 2; left >= 0; left--) {
            from(newClient())
                    .header("Authorization", "Bearer " + key)
                    .contentType("application/json")
                    .body(query)
                    .when()
                    .post("/graphql")
                    .then()
                    .statusCode(200)
                    .header("RateLimit-Policy", equalTo("\"user\";q=4;w=3600"))
                    .header("RateLimit", matchesPattern("^\"user\";r=" + left + ";t=[0-9]+$"));
        }
        from(newClient())
                .header("Authorization", "Bearer " + key)
                .contentType("application/json")
                .body(query)
                .when()
                .post("/graphql")
                .then()
                .statusCode(429)
                .contentType("application/problem+json")
                .header("Retry-After", notNullValue())
                .body("violated-policies", contains("user"))
                .body("request_id", notNullValue())
                .body("trace_id", matchesPattern("^[0-9a-f]{32}$"));
        // and the REST API is out of quota too: one bucket per user, whichever API spends it
        from(newClient())
                .header("Authorization", "Bearer " + key)
                .when()
                .get("/v1/users/me")
                .then()
                .statusCode(429)
                .body("request_id", notNullValue())
                .body("trace_id", matchesPattern("^[0-9a-f]{32}$"));

        String client = newClient();
        from(client)
                .contentType("application/json")
                .body("{\"query\":\"{ categories { slug } }\"}")
                .when()
                .post("/graphql")
                .then()
                .statusCode(200)
                .header("RateLimit", matchesPattern("^\"anonymous\";r=4;t=[0-9]+$"));
        // A refused key is charged as anonymous, so guessing keys over GraphQL ends in 429 too.
        for (int left = 3; left >= 0; left--) {
            from(client)
                    .header("Authorization", "Bearer qb_guess" + left)
                    .contentType("application/json")
                    .body(query)
                    .when()
                    .post("/graphql")
                    .then()
                    .statusCode(401)
                    .header("RateLimit", matchesPattern("^\"anonymous\";r=" + left + ";t=[0-9]+$"));
        }
        from(client)
                .header("Authorization", "Bearer qb_guess")
                .contentType("application/json")
                .body(query)
                .when()
                .post("/graphql")
                .then()
                .statusCode(429);
    }

    @Test
    void theAdminHasItsOwnPolicy() {
        String client = newClient();
        for (int left = 2; left >= 0; left--) {
            from(client)
                    .header("Authorization", "Bearer " + ADMIN_KEY)
                    .when()
                    .get("/v1/questions/1")
                    .then()
                    .statusCode(200)
                    .header("RateLimit", matchesPattern("^\"admin\";r=" + left + ";t=[0-9]+$"));
        }
        from(newClient())
                .header("Authorization", "Bearer " + ADMIN_KEY)
                .when()
                .get("/v1/questions/1")
                .then()
                .statusCode(429)
                .body("violated-policies", contains("admin"));
    }

    @Test
    void aRefusedKeyIsChargedAsAnonymousAndEndsInA429() {
        String client = newClient();
        for (int left = 4; left >= 0; left--) {
            from(client)
                    .header("Authorization", "Bearer qb_guessed" + left)
                    .when()
                    .get("/v1/questions/1")
                    .then()
                    .statusCode(401)
                    .header("RateLimit", matchesPattern("^\"anonymous\";r=" + left + ";t=[0-9]+$"));
        }
        from(client)
                .header("Authorization", "Bearer qb_guessed")
                .when()
                .get("/v1/questions/1")
                .then()
                .statusCode(429)
                .header("WWW-Authenticate", nullValue())
                .body("violated-policies", contains("anonymous"));
    }

    @Test
    void unknownRoutesAndErrorsCountAndCarryTheHeaders() {
        String client = newClient();
        from(client)
                .when()
                .get("/nothing-here")
                .then()
                .statusCode(404)
                .header("RateLimit", matchesPattern("^\"anonymous\";r=4;t=[0-9]+$"));
        from(client)
                .when()
                .get("/v1/nothing-here")
                .then()
                .statusCode(404)
                .header("RateLimit", matchesPattern("^\"anonymous\";r=3;t=[0-9]+$"));
        from(client)
                .when()
                .post("/v1/questions/1")
                .then()
                .statusCode(405)
                .header("RateLimit", matchesPattern("^\"anonymous\";r=2;t=[0-9]+$"));
        from(client)
                .when()
                .get("/v1/questions/999")
                .then()
                .statusCode(404)
                .header("RateLimit", matchesPattern("^\"anonymous\";r=1;t=[0-9]+$"));
        // A key that is not valid is a 401 on any route, unknown ones too (it is looked up before routing), charged
        // as anonymous.
        from(client)
                .header("Authorization", "Bearer qb_x")
                .when()
                .get("/nothing-here")
                .then()
                .statusCode(401)
                .header("RateLimit", matchesPattern("^\"anonymous\";r=0;t=[0-9]+$"));
        from(client)
                .when()
                .get("/nothing-here")
                .then()
                .statusCode(429)
                .header("Retry-After", matchesPattern("^[0-9]+$"));
    }

    @Test
    void operationalEndpointsAreNeverLimited() {
        String client = newClient();
        for (int i = 0; i < 6; i++) {
            from(client).when().get("/v1").then().statusCode(i < 5 ? 200 : 429);
        }
        management()
                .header("X-Forwarded-For", client)
                .when()
                .get("/q/health/ready")
                .then()
                .statusCode(200)
                .header("RateLimit", nullValue());
        management()
                .header("X-Forwarded-For", client)
                .when()
                .get("/q/metrics")
                .then()
                .statusCode(200)
                .header("RateLimit", nullValue());
    }

    @Test
    void githubStyleHeadersWhenEnabled() {
        long now = System.currentTimeMillis() / 1000;
        Response response = from(newClient()).when().get("/v1/questions/1");
        response.then()
                .statusCode(200)
                .header("X-RateLimit-Limit", equalTo("5"))
                .header("X-RateLimit-Remaining", equalTo("4"));
        // Full again after one token's time (720 s), as seconds since the epoch.
        long reset = Long.parseLong(response.header("X-RateLimit-Reset"));
        assertTrue(reset >= now + 719 && reset <= now + 722, "X-RateLimit-Reset " + reset + " at " + now);
    }

    @Test
    void forwardingHeadersOfAnUntrustedPeerAreIgnored() {
        // The test client is trusted, so the first hop it reports is the peer that sent the request to it; that hop
        // is not trusted, and the address it claims to forward for must not be believed.
        String proxy = newClient();
        for (int i = 0; i < 5; i++) {
            from(newClient() + ", " + proxy).when().get("/v1").then().statusCode(200);
        }
        from(newClient() + ", " + proxy).when().get("/v1").then().statusCode(429);
    }

    private String signUp(String client) {
        return from(client)
                .contentType("application/json")
                .body("{\"name\": \"Ada\"}")
                .when()
                .post("/v1/users")
                .then()
                .statusCode(201)
                .extract()
                .path("api_key.secret");
    }

    private long count(String sql, Object parameter) throws SQLException {
        try (Connection connection = dataSource.getConnection();
                PreparedStatement statement = connection.prepareStatement(sql)) {
            statement.setObject(1, parameter);
            try (ResultSet rows = statement.executeQuery()) {
                rows.next();
                return rows.getLong(1);
            }
        }
    }
}

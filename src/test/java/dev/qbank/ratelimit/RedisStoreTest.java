package dev.qbank.ratelimit;

import static dev.qbank.support.Management.management;
import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.matchesPattern;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.qbank.support.ApiTest;
import dev.qbank.support.RedisServer;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.restassured.specification.RequestSpecification;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * The Redis store against a real redis-server of the test's own, which the test stops, hangs and starts again: the
 * buckets live in Redis and expire there; during an outage requests are still answered at once (never a 500, never
 * a hang), limited per instance, counted in the metrics; and once Redis is back the limiter uses it again, with no
 * restart.
 */
@QuarkusTest
@TestProfile(RedisStoreTest.OnRedis.class)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class RedisStoreTest extends ApiTest {

    static final String PREFIX = "qbank-test:";

    public static class OnRedis implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.ofEntries(
                    Map.entry("qbank.rate-limit.store", "redis"),
                    Map.entry("qbank.rate-limit.redis.key-prefix", PREFIX),
                    Map.entry("qbank.rate-limit.redis.timeout", "250ms"),
                    Map.entry("qbank.rate-limit.redis.retry-interval", "200ms"),
                    Map.entry("%test.qbank.rate-limit.anonymous.limit", "5"),
                    Map.entry("qbank.rate-limit.anonymous.window", "1h"),
                    Map.entry("qbank.rate-limit.trusted-proxies", "127.0.0.1/32,::1/128"));
        }

        @Override
        public List<TestResourceEntry> testResources() {
            return List.of(new TestResourceEntry(RedisServer.class));
        }
    }

    private static final AtomicInteger NEXT_ADDRESS = new AtomicInteger(1);

    private static String newClient() {
        return "203.0.113." + NEXT_ADDRESS.getAndIncrement();
    }

    private static RequestSpecification from(String client) {
        return given().header("X-Forwarded-For", client);
    }

    @Test
    @Order(1)
    void bucketsLiveInRedisAndExpireOnceTheyWouldBeFull() {
        String client = newClient();
        from(client)
                .when()
                .get("/v1/questions/1")
                .then()
                .statusCode(200)
                .header("RateLimit", matchesPattern("^\"anonymous\";r=4;t=[0-9]+$"));
        from(client)
                .when()
                .get("/v1/questions/1")
                .then()
                .statusCode(200)
                .header("RateLimit", matchesPattern("^\"anonymous\";r=3;t=[0-9]+$"));
        String key = PREFIX + "anonymous:" + client;
        assertEquals("1", RedisServer.cli("EXISTS", key));
        // Two tokens out, one back every 720 s: full again in about 1440 s, and that is when the key goes.
        long ttl = Long.parseLong(RedisServer.cli("PTTL", key));
        assertTrue(ttl > 1_430_000 && ttl <= 1_440_000, "PTTL " + ttl);
        // What Redis holds is the limit: another instance would see the same bucket.
        RedisServer.cli("DEL", key);
        from(client)
                .when()
                .get("/v1/questions/1")
                .then()
                .statusCode(200)
                .header("RateLimit", matchesPattern("^\"anonymous\";r=4;t=[0-9]+$"));
    }

    @Test
    @Order(2)
    void a304RefundReachesRedis() {
        String client = newClient();
        String etag = from(client)
                .when()
                .get("/v1/questions/2")
                .then()
                .statusCode(200)
                .extract()
                .header("ETag");
        from(client)
                .header("If-None-Match", etag)
                .when()
                .get("/v1/questions/2")
                .then()
                .statusCode(304)
                .header("RateLimit", matchesPattern("^\"anonymous\";r=4;t=[0-9]+$"));
        from(client)
                .when()
                .get("/v1/questions/2")
                .then()
                .statusCode(200)
                .header("RateLimit", matchesPattern("^\"anonymous\";r=3;t=[0-9]+$"));
    }

    @Test
    @Order(3)
    void whenRedisStopsRequestsAreStillAnsweredAtOnceAndLimitedPerInstance() {
        RedisServer.stopServer();
        try {
            String client = newClient();
            for (int left = 4; left >= 0; left--) {
                long start = System.nanoTime();
                from(client)
                        .when()
                        .get("/v1/questions/1")
                        .then()
                        .statusCode(200)
                        .header("RateLimit", matchesPattern("^\"anonymous\";r=" + left + ";t=[0-9]+$"));
                assertFastEnough(start);
            }
            from(client).when().get("/v1/questions/1").then().statusCode(429);
            assertTrue(metric("qbank_rate_limit_store_failures_total") >= 1);
            assertEquals(1.0, metric("qbank_rate_limit_store_degraded"));
            // Readiness reports the lost Redis (the limiter itself keeps serving: see docs/rate-limiting.md, "When
            // Redis fails").
            management().when().get("/q/health/ready").then().statusCode(503);
        } finally {
            RedisServer.startServer();
        }
        awaitRedisInUse();
        management().when().get("/q/health/ready").then().statusCode(200);
    }

    @Test
    @Order(4)
    void whenRedisHangsNoRequestWaitsLongerThanTheTimeout() {
        double failuresBefore = metric("qbank_rate_limit_store_failures_total");
        RedisServer.pauseServer();
        try {
            String client = newClient();
            for (int i = 0; i < 3; i++) {
                long start = System.nanoTime();
                from(client)
                        .when()
                        .get("/v1/questions/3")
                        .then()
                        .statusCode(200)
                        .header("RateLimit", matchesPattern("^\"anonymous\";r=[0-9]+;t=[0-9]+$"));
                assertFastEnough(start);
            }
            assertTrue(metric("qbank_rate_limit_store_failures_total") > failuresBefore);
        } finally {
            RedisServer.resumeServer();
        }
        awaitRedisInUse();
    }

    private static void assertFastEnough(long startNanos) {
        long millis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - startNanos);
        assertTrue(millis < 1_000, "a request took " + millis + " ms while Redis was down");
    }

    /** Recovery without a restart: within a few retry intervals, a new client's bucket appears in Redis. */
    private static void awaitRedisInUse() {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (true) {
            String client = newClient();
            from(client).when().get("/v1").then().statusCode(200);
            if ("1".equals(RedisServer.cli("EXISTS", PREFIX + "anonymous:" + client))) {
                management().when().get("/q/metrics").then().statusCode(200);
                assertEquals(0.0, metric("qbank_rate_limit_store_degraded"));
                return;
            }
            assertTrue(System.nanoTime() < deadline, "the limiter did not go back to Redis");
            try {
                Thread.sleep(100);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
        }
    }

    /** A sample's value; with OpenTelemetry present, Prometheus lines may end in an exemplar ("# {trace_id=...}"). */
    private static double metric(String name) {
        String metrics = management()
                .when()
                .get("/q/metrics")
                .then()
                .statusCode(200)
                .extract()
                .asString();
        Matcher value = Pattern.compile("(?m)^" + Pattern.quote(name) + "(\\{[^}]*})? ([0-9.eE+-]+)( # .*)?$")
                .matcher(metrics);
        assertTrue(value.find(), name + " is not in /q/metrics");
        return Double.parseDouble(value.group(2));
    }

    @Test
    @Order(5)
    void theRedisStoreAnswersTheSameHeadersAsTheMemoryStore() {
        String client = newClient();
        for (int i = 0; i < 5; i++) {
            from(client).when().get("/v1/categories").then().statusCode(200);
        }
        from(client)
                .when()
                .get("/v1/categories")
                .then()
                .statusCode(429)
                .header("RateLimit", matchesPattern("^\"anonymous\";r=0;t=[0-9]+$"))
                .header("RateLimit-Policy", equalTo("\"anonymous\";q=5;w=3600"));
    }
}

package dev.qbank.ratelimit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.qbank.support.PackagedService;
import dev.qbank.support.RedisServer;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Two instances of the packaged service, each with its own embedded PostgreSQL, sharing one Redis: together they
 * allow one quota, not two. Runs in {@code mvn verify} on target/quarkus-app.
 */
class SharedLimitIT {

    private static final int QUOTA = 10;
    private static final List<PackagedService> INSTANCES = new ArrayList<>();
    private static final String PREFIX = "qbank-it-" + UUID.randomUUID() + ":";
    private static final Thread CLEANUP = new Thread(SharedLimitIT::stopAll, "stop-it-instances");

    @BeforeAll
    static void startTwoInstancesOnOneRedis() throws Exception {
        Runtime.getRuntime().addShutdownHook(CLEANUP); // even if the test JVM is interrupted
        new RedisServer().start();
        Map<String, String> env = Map.of(
                "QBANK_RATE_LIMIT_STORE",
                "redis",
                "QUARKUS_REDIS_HOSTS",
                "redis://127.0.0.1:" + RedisServer.port(),
                "QBANK_RATE_LIMIT_REDIS_KEY_PREFIX",
                PREFIX,
                "QBANK_RATE_LIMIT_ANONYMOUS_LIMIT",
                Integer.toString(QUOTA),
                "QBANK_RATE_LIMIT_ANONYMOUS_WINDOW",
                "1h");
        INSTANCES.add(PackagedService.start("a", env));
        INSTANCES.add(PackagedService.start("b", env));
        for (PackagedService instance : INSTANCES) {
            instance.awaitReady();
        }
    }

    @AfterAll
    static void stopEverything() {
        stopAll();
        Runtime.getRuntime().removeShutdownHook(CLEANUP);
    }

    @Test
    void twoInstancesOnOneRedisAllowOneQuotaInTotal() throws Exception {
        for (int i = 0; i < QUOTA; i++) {
            PackagedService instance = INSTANCES.get(i % 2);
            HttpResponse<String> response = instance.get("/v1/questions/1");
            assertEquals(200, response.statusCode(), instance.name() + ": " + response.body());
            assertEquals(
                    "\"anonymous\";q=" + QUOTA + ";w=3600",
                    response.headers().firstValue("RateLimit-Policy").orElse(null));
            String rateLimit = response.headers().firstValue("RateLimit").orElse("");
            assertTrue(
                    rateLimit.startsWith("\"anonymous\";r=" + (QUOTA - 1 - i) + ";"),
                    "request " + (i + 1) + " on " + instance.name() + " saw " + rateLimit);
        }
        for (PackagedService instance : INSTANCES) {
            HttpResponse<String> refused = instance.get("/v1/questions/1");
            assertEquals(429, refused.statusCode(), instance.name() + " allowed more than the shared quota");
            assertTrue(refused.body().contains("\"violated-policies\":[\"anonymous\"]"), refused.body());
            assertTrue(refused.headers().firstValue("Retry-After").isPresent());
        }
        assertEquals("1", RedisServer.cli("EXISTS", PREFIX + "anonymous:127.0.0.1"));
    }

    /** SIGTERM lets each service stop its embedded PostgreSQL; whatever is still alive after 30 s is killed. */
    private static synchronized void stopAll() {
        INSTANCES.forEach(PackagedService::terminate);
        INSTANCES.forEach(PackagedService::close);
        INSTANCES.clear();
        RedisServer.stopServer();
    }
}

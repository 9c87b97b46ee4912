package dev.qbank.ratelimit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.qbank.support.RedisServer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Two instances of the packaged service, each with its own embedded PostgreSQL, sharing one Redis: together they
 * allow one quota, not two. Runs in {@code mvn verify} on target/quarkus-app.
 */
class SharedLimitIT {

    private static final int QUOTA = 10;
    private static final Duration STARTUP = Duration.ofSeconds(120);
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
    private static final List<Instance> INSTANCES = new ArrayList<>();
    private static final String PREFIX = "qbank-it-" + UUID.randomUUID() + ":";
    private static final Thread CLEANUP = new Thread(SharedLimitIT::stopAll, "stop-it-instances");

    private record Instance(String name, Process process, int port, Path dataDir) {
        URI uri(String path) {
            return URI.create("http://127.0.0.1:" + port + path);
        }
    }

    @BeforeAll
    static void startTwoInstancesOnOneRedis() throws Exception {
        Runtime.getRuntime().addShutdownHook(CLEANUP); // even if the test JVM is interrupted
        new RedisServer().start();
        INSTANCES.add(start("a"));
        INSTANCES.add(start("b"));
        for (Instance instance : INSTANCES) {
            awaitReady(instance);
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
            Instance instance = INSTANCES.get(i % 2);
            HttpResponse<String> response = get(instance, "/v1/questions/1");
            assertEquals(200, response.statusCode(), instance.name() + ": " + response.body());
            assertEquals("\"anonymous\";q=" + QUOTA + ";w=3600", response.headers().firstValue("RateLimit-Policy").orElse(null));
            String rateLimit = response.headers().firstValue("RateLimit").orElse("");
            assertTrue(rateLimit.startsWith("\"anonymous\";r=" + (QUOTA - 1 - i) + ";"),
                    "request " + (i + 1) + " on " + instance.name() + " saw " + rateLimit);
        }
        for (Instance instance : INSTANCES) {
            HttpResponse<String> refused = get(instance, "/v1/questions/1");
            assertEquals(429, refused.statusCode(), instance.name() + " allowed more than the shared quota");
            assertTrue(refused.body().contains("\"violated-policies\":[\"anonymous\"]"), refused.body());
            assertTrue(refused.headers().firstValue("Retry-After").isPresent());
        }
        assertEquals("1", RedisServer.cli("EXISTS", PREFIX + "anonymous:127.0.0.1"));
    }

    private static Instance start(String name) throws IOException {
        int port = freePort();
        Path dataDir = Files.createTempDirectory("qbank-it-" + name);
        Path logs = Path.of(System.getProperty("it.logs", "target/it-logs"));
        Files.createDirectories(logs);
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        ProcessBuilder builder = new ProcessBuilder(java, "-Xmx256m", "-jar", System.getProperty("it.app.jar", "target/quarkus-app/quarkus-run.jar"))
                .redirectErrorStream(true)
                .redirectOutput(logs.resolve("instance-" + name + ".log").toFile());
        Map<String, String> env = builder.environment();
        env.keySet().removeIf(key -> key.startsWith("QUARKUS_") || key.startsWith("QBANK_"));
        env.put("QUARKUS_HTTP_PORT", Integer.toString(port));
        env.put("QUARKUS_HTTP_HOST", "127.0.0.1");
        env.put("QBANK_DATA_DIR", dataDir.toString()); // its own embedded PostgreSQL
        env.put("QBANK_RATE_LIMIT_STORE", "redis");
        env.put("QUARKUS_REDIS_HOSTS", "redis://127.0.0.1:" + RedisServer.port());
        env.put("QBANK_RATE_LIMIT_REDIS_KEY_PREFIX", PREFIX);
        env.put("QBANK_RATE_LIMIT_ANONYMOUS_LIMIT", Integer.toString(QUOTA));
        env.put("QBANK_RATE_LIMIT_ANONYMOUS_WINDOW", "1h");
        return new Instance(name, builder.start(), port, dataDir);
    }

    private static void awaitReady(Instance instance) throws InterruptedException {
        long deadline = System.nanoTime() + STARTUP.toNanos();
        while (System.nanoTime() < deadline) {
            assertTrue(instance.process().isAlive(), instance.name() + " exited; see target/it-logs/instance-" + instance.name() + ".log");
            try {
                if (get(instance, "/q/health/ready").statusCode() == 200) {
                    return;
                }
            } catch (IOException notYet) {
                // not listening yet
            }
            Thread.sleep(250);
        }
        throw new AssertionError(instance.name() + " was not ready within " + STARTUP);
    }

    private static HttpResponse<String> get(Instance instance, String path) throws IOException, InterruptedException {
        return HTTP.send(HttpRequest.newBuilder(instance.uri(path)).timeout(Duration.ofSeconds(10)).GET().build(),
                HttpResponse.BodyHandlers.ofString());
    }

    /** SIGTERM lets each service stop its embedded PostgreSQL; whatever is still alive after 30 s is killed. */
    private static synchronized void stopAll() {
        for (Instance instance : INSTANCES) {
            instance.process().destroy();
        }
        for (Instance instance : INSTANCES) {
            try {
                if (!instance.process().waitFor(30, TimeUnit.SECONDS)) {
                    instance.process().descendants().forEach(ProcessHandle::destroyForcibly);
                    instance.process().destroyForcibly().waitFor(10, TimeUnit.SECONDS);
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            delete(instance.dataDir());
        }
        INSTANCES.clear();
        RedisServer.stopServer();
    }

    private static void delete(Path dir) {
        try (Stream<Path> files = Files.walk(dir)) {
            files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException ignored) {
            // a temp directory left behind is harmless
        }
    }

    private static int freePort() {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}

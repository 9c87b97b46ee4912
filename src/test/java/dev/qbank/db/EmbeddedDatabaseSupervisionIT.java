package dev.qbank.db;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.qbank.support.PackagedService;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/**
 * The packaged service supervises its embedded PostgreSQL, as an operator would see it: the postmaster killed with
 * SIGKILL (what the kernel's OOM killer does) under a load of {@code POST /v1/attempts} is started again by the
 * service on the same data directory; requests answer 201 again within seconds and never 500 meanwhile; every
 * attempt acknowledged with 201 is still there; liveness stays UP; the restart is counted in the metrics. And when
 * the server cannot come back, liveness fails once the grace period is over, and recovers when it can.
 */
class EmbeddedDatabaseSupervisionIT {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final int WRITERS = 4;

    @Test
    void aKilledPostmasterIsStartedAgainUnderWritesAndNoAcknowledgedAttemptIsLost() throws Exception {
        try (PackagedService service =
                PackagedService.start("supervised", Map.of("QBANK_RATE_LIMIT_ENABLED", "false"))) {
            service.awaitReady();
            String key = signUp(service);

            ConcurrentLinkedQueue<String> acknowledged = new ConcurrentLinkedQueue<>();
            Map<Integer, AtomicLong> statuses = new ConcurrentHashMap<>();
            AtomicLong createdAfterKill = new AtomicLong();
            AtomicBoolean killed = new AtomicBoolean();
            AtomicBoolean stop = new AtomicBoolean();
            List<Thread> writers = new ArrayList<>();
            for (int w = 0; w < WRITERS; w++) {
                int writer = w;
                Thread thread = new Thread(
                        () -> {
                            for (int i = 0; !stop.get(); i++) {
                                try {
                                    HttpResponse<String> response = post(
                                            service,
                                            key,
                                            "/v1/attempts",
                                            "{\"question\":" + (1 + (writer * 7 + i) % 40)
                                                    + ",\"answer\":\"under load\",\"rating\":\"good\","
                                                    + "\"duration_ms\":1000}");
                                    statuses.computeIfAbsent(response.statusCode(), s -> new AtomicLong())
                                            .incrementAndGet();
                                    if (response.statusCode() == 201) {
                                        acknowledged.add(JSON.readTree(response.body())
                                                .path("id")
                                                .asText());
                                        if (killed.get()) {
                                            createdAfterKill.incrementAndGet();
                                        }
                                    }
                                } catch (Exception e) {
                                    statuses.computeIfAbsent(-1, s -> new AtomicLong())
                                            .incrementAndGet();
                                }
                            }
                        },
                        "attempt-writer-" + w);
                thread.start();
                writers.add(thread);
            }
            try {
                awaitAtLeast(acknowledged, 100, Duration.ofSeconds(60));
                long postmaster = postmasterPid(service.dataDirectory());
                killed.set(true);
                assertEquals(
                        0,
                        new ProcessBuilder("kill", "-KILL", Long.toString(postmaster))
                                .start()
                                .waitFor());
                long killedAt = System.nanoTime();
                long deadline = killedAt + TimeUnit.SECONDS.toNanos(30);
                while (createdAfterKill.get() < 50 && System.nanoTime() < deadline) {
                    Thread.sleep(20);
                }
                double seconds = (System.nanoTime() - killedAt) / 1e9;
                assertTrue(
                        createdAfterKill.get() >= 50,
                        "only " + createdAfterKill.get() + " attempts recorded in " + seconds
                                + " s after the kill; statuses " + statuses);
                assertTrue(postmasterPid(service.dataDirectory()) != postmaster, "a new postmaster runs");
            } finally {
                stop.set(true);
                for (Thread thread : writers) {
                    thread.join(20_000);
                }
            }
            assertTrue(
                    statuses.keySet().stream().allMatch(s -> s == 201 || s == 503),
                    "only 201 and 503 while the database was away: " + statuses);

            for (String id : acknowledged) {
                HttpResponse<String> attempt = get(service, key, "/v1/attempts/" + id);
                assertEquals(200, attempt.statusCode(), "acknowledged attempt " + id + " is lost: " + attempt.body());
            }
            HttpResponse<String> live = service.get("/q/health/live");
            assertEquals(200, live.statusCode(), live.body());
            assertTrue(live.body().contains("\"restarts\": 1") || live.body().contains("\"restarts\":1"), live.body());
            String metrics = service.get("/q/metrics").body();
            assertTrue(metrics.contains("qbank_embedded_database_restarts_total 1.0"), "restarts counted");
            assertTrue(metrics.contains("qbank_embedded_database_up 1.0"), "the server is up again");
            assertTrue(Files.readString(service.log()).contains("is gone; starting it again"), "the restart is logged");
        }
    }

    @Test
    void livenessFailsOnlyWhileTheServerCannotComeBack() throws Exception {
        try (PackagedService service = PackagedService.start(
                "unrecoverable", Map.of("QBANK_RATE_LIMIT_ENABLED", "false", "QBANK_DATABASE_RESTART_GRACE", "2s"))) {
            service.awaitReady();
            Path version = service.dataDirectory().resolve("PG_VERSION");
            Path aside = service.dataDirectory().resolve("PG_VERSION.aside");
            // Without PG_VERSION the directory is no database cluster: every restart fails until it is back.
            Files.move(version, aside);
            long postmaster = postmasterPid(service.dataDirectory());
            assertEquals(
                    0,
                    new ProcessBuilder("kill", "-KILL", Long.toString(postmaster))
                            .start()
                            .waitFor());

            Thread.sleep(1000);
            assertEquals(200, service.get("/q/health/live").statusCode(), "alive within the grace period");
            assertEquals(503, service.get("/q/health/ready").statusCode(), "not ready without a database");
            assertEquals(503, service.get("/v1/questions?q=down").statusCode());
            awaitStatus(service, "/q/health/live", 503, Duration.ofSeconds(20));
            assertTrue(service.get("/q/metrics").body().contains("qbank_embedded_database_up 0.0"));

            Files.move(aside, version, StandardCopyOption.ATOMIC_MOVE);
            awaitStatus(service, "/q/health/live", 200, Duration.ofSeconds(30));
            awaitStatus(service, "/q/health/ready", 200, Duration.ofSeconds(30));
            assertEquals(200, service.get("/v1/questions?q=again").statusCode());
        }
    }

    private static String signUp(PackagedService service) throws Exception {
        HttpResponse<String> response = post(service, null, "/v1/users", "{\"name\":\"Supervised learner\"}");
        assertEquals(201, response.statusCode(), response.body());
        JsonNode body = JSON.readTree(response.body());
        return body.path("api_key").path("secret").asText();
    }

    private static HttpResponse<String> post(PackagedService service, String key, String path, String body)
            throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(service.uri(path))
                .timeout(Duration.ofSeconds(30))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body));
        if (key != null) {
            request.header("Authorization", "Bearer " + key);
        }
        return PackagedService.http().send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    private static HttpResponse<String> get(PackagedService service, String key, String path) throws Exception {
        return PackagedService.http()
                .send(
                        HttpRequest.newBuilder(service.uri(path))
                                .timeout(Duration.ofSeconds(30))
                                .header("Authorization", "Bearer " + key)
                                .GET()
                                .build(),
                        HttpResponse.BodyHandlers.ofString());
    }

    private static long postmasterPid(Path dataDirectory) throws Exception {
        return Long.parseLong(Files.readAllLines(dataDirectory.resolve("postmaster.pid"))
                .get(0)
                .trim());
    }

    private static void awaitAtLeast(ConcurrentLinkedQueue<String> items, int count, Duration within)
            throws InterruptedException {
        long deadline = System.nanoTime() + within.toNanos();
        while (items.size() < count) {
            assertTrue(System.nanoTime() < deadline, "only " + items.size() + " of " + count + " within " + within);
            Thread.sleep(20);
        }
    }

    private static void awaitStatus(PackagedService service, String path, int status, Duration within)
            throws Exception {
        long deadline = System.nanoTime() + within.toNanos();
        int last = 0;
        while (System.nanoTime() < deadline) {
            last = service.get(path).statusCode();
            if (last == status) {
                return;
            }
            Thread.sleep(200);
        }
        throw new AssertionError(path + " answered " + last + ", not " + status + ", for " + within);
    }
}

package dev.qbank;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.qbank.support.PackagedService;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * Graceful shutdown of the packaged service (issue 6): a request in flight when SIGTERM arrives is finished and
 * answered, and the embedded PostgreSQL stops only after the application, so that request can still use it.
 *
 * <p>The order on SIGTERM: readiness turns DOWN, requests are still served for the shutdown delay, then Quarkus
 * waits for the requests in flight, then stops, and only then does the embedded database stop.
 *
 * <p>The request is held in flight for real: a second connection to the embedded database locks the questions table,
 * so {@code GET /v1/questions/1} waits on that lock inside PostgreSQL until the test lets it go, after SIGTERM.
 */
class GracefulShutdownIT {

    @Test
    void sigtermFinishesTheRequestInFlightThenStopsTheDatabase() throws Exception {
        try (PackagedService service = PackagedService.start(
                "shutdown", Map.of("QBANK_RATE_LIMIT_ENABLED", "false", "QBANK_SHUTDOWN_DELAY", "1S"))) {
            service.awaitReady();
            String url = "jdbc:postgresql://localhost:" + service.databasePort() + "/postgres";
            CompletableFuture<HttpResponse<String>> inFlight;
            try (Connection lock = DriverManager.getConnection(url, "postgres", "")) {
                lock.setAutoCommit(false);
                try (Statement statement = lock.createStatement()) {
                    statement.execute("LOCK TABLE questions IN ACCESS EXCLUSIVE MODE");
                    inFlight = PackagedService.http()
                            .sendAsync(
                                    HttpRequest.newBuilder(service.uri("/v1/questions/1"))
                                            .timeout(Duration.ofSeconds(30))
                                            .GET()
                                            .build(),
                                    HttpResponse.BodyHandlers.ofString());
                    awaitBlockedOnLock(statement);

                    service.terminate(); // SIGTERM while the request waits inside PostgreSQL
                    Thread.sleep(300);
                    assertReadinessDown(service); // during the shutdown delay (1 s here)
                    Thread.sleep(2200); // past the delay: Quarkus is now draining, waiting for our request
                    assertTrue(service.process().isAlive(), "the service exited with a request in flight");
                    assertFalse(inFlight.isDone(), "the in-flight request was answered before its query could run");
                    assertTrue(service.databaseRunning(), "the database stopped before the application finished");
                }
                lock.rollback(); // let the request's query run
            }

            HttpResponse<String> response = inFlight.get(20, TimeUnit.SECONDS);
            assertEquals(200, response.statusCode(), response.body());
            assertTrue(response.body().contains("\"number\":1"), response.body());

            assertTrue(service.process().waitFor(20, TimeUnit.SECONDS), "the service did not exit after SIGTERM");
            assertFalse(service.databaseRunning(), "the embedded PostgreSQL was left running (postmaster.pid remains)");
            String log = Files.readString(service.log());
            assertTrue(
                    log.contains("Waiting for HTTP requests to complete") && log.contains("All HTTP requests complete"),
                    "Quarkus's graceful shutdown did not wait for the request; log:\n" + log);
        }
    }

    /**
     * While it drains, the service tells load balancers to stop sending work: readiness is DOWN (503). Quarkus still
     * serves a request that arrives on an open connection, with {@code Connection: close}.
     */
    private static void assertReadinessDown(PackagedService service) throws Exception {
        HttpResponse<String> ready = service.get("/q/health/ready");
        assertEquals(503, ready.statusCode(), "readiness after SIGTERM: " + ready.body());
        assertTrue(
                ready.body().contains("\"status\": \"DOWN\"") || ready.body().contains("\"status\":\"DOWN\""),
                ready.body());
    }

    /** Waits until a backend other than ours waits for a lock: the HTTP request's query has reached PostgreSQL. */
    private static void awaitBlockedOnLock(Statement statement) throws Exception {
        for (int i = 0; i < 200; i++) {
            try (ResultSet waiting = statement.executeQuery(
                    "SELECT count(*) FROM pg_stat_activity WHERE wait_event_type = 'Lock' AND pid <> pg_backend_pid()")) {
                waiting.next();
                if (waiting.getInt(1) > 0) {
                    return;
                }
            }
            Thread.sleep(50);
        }
        throw new AssertionError("the request never reached the locked table");
    }
}

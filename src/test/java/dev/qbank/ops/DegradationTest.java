package dev.qbank.ops;

import static dev.qbank.support.Management.management;
import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.qbank.support.ApiTest;
import dev.qbank.support.EmbeddedPostgresResource;
import dev.qbank.support.Learner;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicBoolean;
import org.eclipse.microprofile.config.ConfigProvider;
import org.junit.jupiter.api.Test;

/**
 * When PostgreSQL stalls, goes away or cuts connections, every request that needs it answers within bounded time with
 * the same 503 problem and Retry-After (never a 500), readiness goes DOWN, and the service recovers by itself. Each
 * failure is real and played repeatedly, with 20 concurrent requests, so that both the requests holding a pooled
 * connection and those waiting for one (the pool's acquisition time-out) are seen: the test's PostgreSQL frozen with
 * SIGSTOP, a table locked past statement_timeout, and backends terminated with pg_terminate_backend. Connection
 * refused is DatabaseRefusedTest.
 */
@QuarkusTest
class DegradationTest extends ApiTest {

    @Test
    void aFrozenDatabaseGivesBounded503sAndTheServiceRecoversWhenItThaws() throws Exception {
        awaitRecovery(); // whatever another test of this class left behind
        given().when().get("/v1/questions/5").then().statusCode(200);
        List<String> pids = postgresPids();
        signal("-STOP", pids);
        try {
            long start = System.nanoTime();
            Response response = given().when().get("/v1/questions/6");
            Duration took = Duration.ofNanos(System.nanoTime() - start);
            response.then()
                    .statusCode(503)
                    .contentType("application/problem+json")
                    .header("Retry-After", equalTo("5"))
                    .body("type", equalTo("https://qbank.dev/problems/service-unavailable"));
            assertTrue(took.compareTo(Duration.ofSeconds(15)) < 0, "answered in " + took);

            int ready = management().when().get("/q/health/ready").statusCode();
            assertEquals(503, ready, "readiness is DOWN while the database is frozen");
        } finally {
            signal("-CONT", pids);
        }
        awaitRecovery();
        management().when().get("/q/health/ready").then().statusCode(200);
    }

    @Test
    void everyRequestThatNeedsAFrozenDatabaseIs503NeverA500() throws Exception {
        Learner learner = Learner.signUp();
        for (int round = 1; round <= 2; round++) {
            List<String> pids = postgresPids();
            List<DatabaseOutage.Answer> answers;
            signal("-STOP", pids);
            try {
                answers = DatabaseOutage.burst(learner.key());
            } finally {
                signal("-CONT", pids);
            }
            DatabaseOutage.assertAllUnavailable(answers, "frozen database, round " + round);
            awaitRecovery();
        }
    }

    @Test
    void aStatementTimeOutIs503NeverA500() throws Exception {
        Learner learner = Learner.signUp();
        for (int round = 1; round <= 2; round++) {
            List<DatabaseOutage.Answer> answers;
            try (Connection lock = testConnection();
                    Statement statement = lock.createStatement()) {
                lock.setAutoCommit(false);
                // Every request of the burst reads or writes one of these tables and waits for the lock until
                // PostgreSQL's statement_timeout (5 s) cancels it: SQLSTATE 57014.
                statement.execute("LOCK TABLE questions, attempts IN ACCESS EXCLUSIVE MODE");
                answers = DatabaseOutage.burst(learner.key());
                lock.rollback();
            }
            DatabaseOutage.assertAllUnavailable(answers, "statement time-out, round " + round);
            awaitRecovery();
        }
    }

    @Test
    void backendsTerminatedUnderLoadGive200Or503NeverA500() throws Exception {
        Learner learner = Learner.signUp();
        for (int round = 1; round <= 5; round++) {
            AtomicBoolean stop = new AtomicBoolean();
            Future<Integer> killer = DatabaseOutage.POOL.submit(() -> {
                int killed = 0;
                try (Connection admin = testConnection();
                        Statement statement = admin.createStatement()) {
                    while (!stop.get()) {
                        // The service's own connections, idle or mid-query: SQLSTATE 57P01 or a broken connection.
                        try (var rows = statement.executeQuery(
                                "SELECT count(pg_terminate_backend(pid)) FROM pg_stat_activity "
                                        + "WHERE pid <> pg_backend_pid() AND datname = current_database() AND backend_type = 'client backend'")) {
                            rows.next();
                            killed += rows.getInt(1);
                        }
                        Thread.sleep(20);
                    }
                }
                return killed;
            });
            List<DatabaseOutage.Answer> answers;
            try {
                answers = DatabaseOutage.burst(learner.key());
            } finally {
                stop.set(true);
            }
            assertTrue(killer.get() > 0, "backends were terminated");
            for (DatabaseOutage.Answer answer : answers) {
                assertTrue(
                        answer.status() == 200 || answer.status() == 201 || answer.unavailable(),
                        "round " + round + ": " + answer);
            }
            awaitRecovery();
        }
    }

    private static void awaitRecovery() throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        int status = 0;
        while (System.nanoTime() < deadline
                && (status = given().when()
                                .get("/v1/questions?q=recovery" + System.nanoTime())
                                .statusCode())
                        != 200) {
            Thread.sleep(250);
        }
        assertEquals(200, status, "the service recovered by itself");
    }

    private static Connection testConnection() throws Exception {
        String url = ConfigProvider.getConfig().getValue("quarkus.datasource.jdbc.url", String.class);
        return DriverManager.getConnection(url, "postgres", "");
    }

    /** The postmaster (first line of postmaster.pid) and all its children. */
    private static List<String> postgresPids() throws IOException {
        Path pidFile = EmbeddedPostgresResource.dataDirectory().resolve("postmaster.pid");
        long postmaster = Long.parseLong(Files.readAllLines(pidFile).get(0).trim());
        List<String> pids = new ArrayList<>();
        pids.add(Long.toString(postmaster));
        ProcessHandle.of(postmaster).orElseThrow().descendants().forEach(p -> pids.add(Long.toString(p.pid())));
        return pids;
    }

    private static void signal(String signal, List<String> pids) throws Exception {
        List<String> command = new ArrayList<>(List.of("kill", signal));
        command.addAll(pids);
        assertEquals(0, new ProcessBuilder(command).inheritIO().start().waitFor());
    }
}

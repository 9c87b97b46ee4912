package dev.qbank.ops;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.qbank.support.ApiTest;
import dev.qbank.support.EmbeddedPostgresResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * When PostgreSQL stalls, requests answer within bounded time with a 503 problem and Retry-After, readiness goes
 * DOWN, and the service recovers by itself when the database comes back. The stall is real: every process of the
 * test's PostgreSQL is stopped with SIGSTOP, then resumed with SIGCONT.
 */
@QuarkusTest
class DegradationTest extends ApiTest {

    @Test
    void aFrozenDatabaseGivesBounded503sAndTheServiceRecoversWhenItThaws() throws Exception {
        given().when().get("/v1/questions/5").then().statusCode(200);
        List<String> pids = postgresPids();
        signal("-STOP", pids);
        try {
            long start = System.nanoTime();
            Response response = given().when().get("/v1/questions/6");
            Duration took = Duration.ofNanos(System.nanoTime() - start);
            response.then().statusCode(503)
                    .contentType("application/problem+json")
                    .header("Retry-After", equalTo("5"))
                    .body("type", equalTo("https://qbank.dev/problems/service-unavailable"));
            assertTrue(took.compareTo(Duration.ofSeconds(15)) < 0, "answered in " + took);

            int ready = given().when().get("/q/health/ready").statusCode();
            assertEquals(503, ready, "readiness is DOWN while the database is frozen");
        } finally {
            signal("-CONT", pids);
        }
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        int status = 0;
        while (System.nanoTime() < deadline && (status = given().when().get("/v1/questions/7").statusCode()) != 200) {
            Thread.sleep(250);
        }
        assertEquals(200, status, "the service recovered by itself");
        given().when().get("/q/health/ready").then().statusCode(200);
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

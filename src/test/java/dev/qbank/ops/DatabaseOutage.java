package dev.qbank.ops;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.qbank.support.Learner;
import io.restassured.RestAssured;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/** Bursts of concurrent requests that all need the database, and what "unavailable" must look like in their answers. */
final class DatabaseOutage {

    static final int CONCURRENT = 20;
    private static final ObjectMapper JSON = new ObjectMapper();
    static final ExecutorService POOL = Executors.newFixedThreadPool(CONCURRENT + 1, r -> {
        Thread thread = new Thread(r, "database-outage-burst");
        thread.setDaemon(true);
        return thread;
    });
    private static final HttpClient HTTP =
            HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    private DatabaseOutage() {}

    /** One request of a burst: what was asked, the status, and the problem type or GraphQL error statuses. */
    record Answer(String request, int status, String retryAfter, String body) {
        boolean unavailable() {
            if (request.startsWith("POST /graphql") && status == 200) {
                // A resolver's failure: 200 with errors that carry the REST status and type in their extensions
                // (authentication, before any resolver, answers the REST problem itself).
                return body.contains("\"status\":503") && !body.contains("\"status\":500");
            }
            return status == 503
                    && "5".equals(retryAfter)
                    && body.contains("https://qbank.dev/problems/service-unavailable");
        }
    }

    /** 20 concurrent requests that all need the database: searches, a learner's reads and writes, GraphQL. */
    static List<Answer> burst(String key) throws Exception {
        String base = RestAssured.baseURI + ":" + RestAssured.port;
        List<Future<Answer>> futures = new ArrayList<>();
        for (int i = 0; i < CONCURRENT; i++) {
            HttpRequest.Builder request =
                    HttpRequest.newBuilder().timeout(Duration.ofSeconds(30)).header("Authorization", "Bearer " + key);
            String label;
            switch (i % 4) {
                case 0 -> {
                    String q = "cache" + UUID.randomUUID().toString().substring(0, 8); // never in the public cache
                    request.uri(URI.create(base + "/v1/questions?q=" + q)).GET();
                    label = "GET /v1/questions?q=" + q;
                }
                case 1 -> {
                    request.uri(URI.create(base + "/v1/users/me/progress")).GET();
                    label = "GET /v1/users/me/progress";
                }
                case 2 -> {
                    request.uri(URI.create(base + "/v1/attempts"))
                            .header("Content-Type", "application/json")
                            .POST(HttpRequest.BodyPublishers.ofString(
                                    JSON.writeValueAsString(Learner.attempt(1 + i, "good"))));
                    label = "POST /v1/attempts";
                }
                default -> {
                    request.uri(URI.create(base + "/graphql"))
                            .header("Content-Type", "application/json")
                            .POST(HttpRequest.BodyPublishers.ofString(JSON.writeValueAsString(Map.of(
                                    "query",
                                    "{ questions(first: 3, filter: {tag: \"t" + UUID.randomUUID()
                                            + "\"}) { edges { node { number } } } }"))));
                    label = "POST /graphql";
                }
            }
            HttpRequest built = request.build();
            futures.add(POOL.submit(() -> {
                HttpResponse<String> response = HTTP.send(built, HttpResponse.BodyHandlers.ofString());
                return new Answer(
                        label,
                        response.statusCode(),
                        response.headers().firstValue("Retry-After").orElse(null),
                        response.body());
            }));
        }
        List<Answer> answers = new ArrayList<>();
        for (Future<Answer> future : futures) {
            answers.add(future.get());
        }
        return answers;
    }

    static void assertAllUnavailable(List<Answer> answers, String what) {
        assertEquals(CONCURRENT, answers.size());
        List<Answer> wrong = answers.stream().filter(a -> !a.unavailable()).toList();
        assertTrue(wrong.isEmpty(), what + ": " + wrong.size() + " of " + answers.size() + " were not 503: " + wrong);
        for (Answer answer : answers) {
            if (answer.status() == 503) {
                try {
                    JsonNode problem = JSON.readTree(answer.body());
                    assertEquals(503, problem.path("status").asInt(), answer.toString());
                } catch (IOException e) {
                    throw new AssertionError(answer.toString(), e);
                }
            }
        }
    }
}

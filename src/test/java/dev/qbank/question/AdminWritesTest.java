package dev.qbank.question;

import static dev.qbank.support.Keys.as;
import static dev.qbank.support.Keys.asAdmin;
import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.nullValue;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import dev.qbank.support.ApiTest;
import dev.qbank.support.Keys;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.RestAssured;
import io.restassured.response.Response;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The admin's writes to questions and categories: authorization, optimistic concurrency with If-Match (428, 412,
 * exactly one winner), duplicates (409), merge patches, and the deletion policy. Each test works in a category of its
 * own and deletes what it created, so the seeded bank other tests count on is untouched.
 */
@QuarkusTest
class AdminWritesTest extends ApiTest {

    private String slug;

    @BeforeEach
    void createOwnCategory() {
        slug = "writes-" + Keys.unique();
        asAdmin()
                .contentType("application/json")
                .body(Map.of("slug", slug, "name", "Writes " + slug, "description", "A category of AdminWritesTest."))
                .when()
                .post("/v1/categories")
                .then()
                .statusCode(201)
                .header("Location", containsString("/v1/categories/" + slug))
                .body("question_count", equalTo(0));
    }

    @AfterEach
    void deleteWhatTheTestCreated() {
        List<Integer> numbers = given().queryParam("limit", 100)
                .when()
                .get("/v1/categories/" + slug + "/questions")
                .then()
                .extract()
                .path("data.number");
        if (numbers != null) {
            numbers.forEach(
                    n -> asAdmin().when().delete("/v1/questions/" + n).then().statusCode(204));
        }
        asAdmin().when().delete("/v1/categories/" + slug);
    }

    private Map<String, Object> question(String text) {
        Map<String, Object> body = new HashMap<>();
        body.put("text", text);
        body.put("category", slug);
        body.put("tags", List.of("durability", "wal"));
        body.put("difficulty", "senior");
        body.put("notes", "Mention fsync.");
        return body;
    }

    private int create(String text) {
        return asAdmin()
                .contentType("application/json")
                .body(question(text))
                .when()
                .post("/v1/questions")
                .then()
                .statusCode(201)
                .extract()
                .path("number");
    }

    private static String etagOf(String path) {
        return given().when().get(path).then().statusCode(200).extract().header("ETag");
    }

    @Test
    void learnersGet403AndAnonymousCallers401OnEveryWrite() {
        String learner = Keys.newLearner();
        as(learner)
                .contentType("application/json")
                .body(question("A learner's question " + slug))
                .when()
                .post("/v1/questions")
                .then()
                .statusCode(403)
                .contentType("application/problem+json")
                .body("type", equalTo("https://qbank.dev/problems/forbidden"));
        given().contentType("application/json")
                .body(question("An anonymous question " + slug))
                .when()
                .post("/v1/questions")
                .then()
                .statusCode(401)
                .contentType("application/problem+json");
        as(learner)
                .header("If-Match", "*")
                .contentType("application/merge-patch+json")
                .body("{\"notes\": \"x\"}")
                .when()
                .patch("/v1/questions/8")
                .then()
                .statusCode(403);
        given().when().delete("/v1/questions/8").then().statusCode(401);
        as(learner).when().delete("/v1/categories/" + slug).then().statusCode(403);
        given().contentType("application/json")
                .body(Map.of("slug", "nope", "name", "Nope", "description", ""))
                .when()
                .post("/v1/categories")
                .then()
                .statusCode(401);
    }

    @Test
    void aNewQuestionTakesTheNextFreeNumberAndIsServedAtItsLocation() {
        int highest = given()
                .queryParam("limit", 100)
                .when()
                .get("/v1/questions")
                .then()
                .extract()
                .<List<Integer>>path("data.number")
                .stream()
                .mapToInt(Integer::intValue)
                .max()
                .orElseThrow();
        Response created = asAdmin()
                .contentType("application/json")
                .body(question("What does fsync guarantee? " + slug))
                .when()
                .post("/v1/questions");
        created.then()
                .statusCode(201)
                .header("ETag", not(equalTo(null)))
                .body("category", equalTo(slug))
                .body("difficulty", equalTo("senior"));
        int number = created.path("number");
        // Deleted questions keep their numbers, so the next one may be higher than the highest live one plus one.
        org.junit.jupiter.api.Assertions.assertTrue(number > highest, "a new number above every live question's");
        assertEquals(
                RestAssured.baseURI + ":" + RestAssured.port + "/v1/questions/" + number, created.header("Location"));
        given().when()
                .get("/v1/questions/" + number)
                .then()
                .statusCode(200)
                .header("ETag", equalTo(created.header("ETag")))
                .body("text", equalTo("What does fsync guarantee? " + slug));
    }

    @Test
    void aWriteWithoutIfMatchIs428AndAStaleOneIs412() {
        int number = create("What is a torn page? " + slug);
        String path = "/v1/questions/" + number;
        Map<String, Object> changed = question("What is a torn page, and how do full-page writes help? " + slug);
        asAdmin()
                .contentType("application/json")
                .body(changed)
                .when()
                .put(path)
                .then()
                .statusCode(428)
                .contentType("application/problem+json")
                .body("type", equalTo("https://qbank.dev/problems/precondition-required"));
        asAdmin()
                .contentType("application/merge-patch+json")
                .body("{\"notes\": null}")
                .when()
                .patch(path)
                .then()
                .statusCode(428);
        String before = etagOf(path);
        asAdmin()
                .header("If-Match", before)
                .contentType("application/json")
                .body(changed)
                .when()
                .put(path)
                .then()
                .statusCode(200);
        asAdmin()
                .header("If-Match", before)
                .contentType("application/json")
                .body(question("Stale " + slug))
                .when()
                .put(path)
                .then()
                .statusCode(412)
                .contentType("application/problem+json")
                .body("type", equalTo("https://qbank.dev/problems/precondition-failed"));
        // A weak tag never matches If-Match (strong comparison, RFC 9110 section 13.1.1).
        asAdmin()
                .header("If-Match", "W/" + etagOf(path))
                .contentType("application/merge-patch+json")
                .body("{\"notes\": null}")
                .when()
                .patch(path)
                .then()
                .statusCode(412);
        asAdmin().header("If-Match", "\"stale\"").when().delete(path).then().statusCode(412);
    }

    @Test
    void aReplacementAnswersWithTheNewEtagThatGetThenServes() {
        int number = create("What is group commit? " + slug);
        String path = "/v1/questions/" + number;
        String before = etagOf(path);
        Map<String, Object> replacement = question("What is group commit, and what does it trade? " + slug);
        replacement.put("tags", List.of("wal"));
        replacement.remove("notes");
        replacement.remove("difficulty");
        Response replaced = asAdmin()
                .header("If-Match", before)
                .contentType("application/json")
                .body(replacement)
                .when()
                .put(path);
        replaced.then()
                .statusCode(200)
                .body("text", equalTo("What is group commit, and what does it trade? " + slug))
                .body("notes", nullValue())
                .body("difficulty", equalTo("mid"));
        String after = replaced.header("ETag");
        assertNotEquals(before, after);
        assertEquals(after, etagOf(path), "the ETag of the PUT response is the one GET serves");
        given().header("If-None-Match", after).when().get(path).then().statusCode(304);
    }

    @Test
    void aMergePatchChangesOnlyTheFieldsItNamesAndNullRemovesOne() {
        int number = create("What is a checkpoint? " + slug);
        String path = "/v1/questions/" + number;
        Response patched = asAdmin()
                .header("If-Match", etagOf(path))
                .contentType("application/merge-patch+json")
                .body("{\"notes\": null, \"tags\": [\"checkpoints\"]}")
                .when()
                .patch(path);
        patched.then()
                .statusCode(200)
                .body("text", equalTo("What is a checkpoint? " + slug))
                .body("difficulty", equalTo("senior"))
                .body("notes", nullValue())
                .body("tags", equalTo(List.of("checkpoints")));
        assertEquals(patched.header("ETag"), etagOf(path));
        asAdmin()
                .header("If-Match", etagOf(path))
                .contentType("application/merge-patch+json")
                .body("{\"text\": null}")
                .when()
                .patch(path)
                .then()
                .statusCode(400)
                .body("invalid_params.name", hasItem("text"));
        asAdmin()
                .header("If-Match", etagOf(path))
                .contentType("application/merge-patch+json")
                .body("{\"colour\": \"red\"}")
                .when()
                .patch(path)
                .then()
                .statusCode(400);
        asAdmin()
                .header("If-Match", etagOf(path))
                .contentType("application/json")
                .body("{\"notes\": \"x\"}")
                .when()
                .patch(path)
                .then()
                .statusCode(415)
                .contentType("application/problem+json");
    }

    @Test
    void aDuplicateQuestionTextIs409WhateverItsCaseAndSpacing() {
        create("What is write amplification? " + slug);
        asAdmin()
                .contentType("application/json")
                .body(question("  what IS   write amplification? " + slug.toUpperCase() + " "))
                .when()
                .post("/v1/questions")
                .then()
                .statusCode(409)
                .contentType("application/problem+json")
                .body("type", equalTo("https://qbank.dev/problems/conflict"));
        int other = create("What is read amplification? " + slug);
        asAdmin()
                .header("If-Match", etagOf("/v1/questions/" + other))
                .contentType("application/merge-patch+json")
                .body("{\"text\": \"What is write amplification? " + slug + "\"}")
                .when()
                .patch("/v1/questions/" + other)
                .then()
                .statusCode(409);
        // A seeded question's text is taken too.
        asAdmin()
                .contentType("application/json")
                .body(question(given().get("/v1/questions/12").path("text")))
                .when()
                .post("/v1/questions")
                .then()
                .statusCode(409);
    }

    @Test
    void ofConcurrentReplacementsWithTheSameEtagExactlyOneWins() throws Exception {
        int number = create("What is MVCC? " + slug);
        String path = "/v1/questions/" + number;
        String etag = etagOf(path);
        HttpClient client = HttpClient.newHttpClient();
        int writers = 8;
        ExecutorService pool = Executors.newFixedThreadPool(writers);
        CountDownLatch start = new CountDownLatch(1);
        List<Future<Integer>> statuses = new ArrayList<>();
        for (int i = 0; i < writers; i++) {
            String body =
                    "{\"text\": \"What is MVCC? (writer " + i + ") " + slug + "\", \"category\": \"" + slug + "\"}";
            statuses.add(pool.submit(() -> {
                start.await();
                HttpRequest request = HttpRequest.newBuilder(URI.create("http://localhost:" + RestAssured.port + path))
                        .header("Authorization", "Bearer " + Keys.ADMIN)
                        .header("If-Match", etag)
                        .header("Content-Type", "application/json")
                        .PUT(HttpRequest.BodyPublishers.ofString(body))
                        .build();
                return client.send(request, HttpResponse.BodyHandlers.discarding())
                        .statusCode();
            }));
        }
        start.countDown();
        List<Integer> results = new ArrayList<>();
        for (Future<Integer> status : statuses) {
            results.add(status.get());
        }
        pool.shutdown();
        assertEquals(1, results.stream().filter(s -> s == 200).count(), "exactly one 200 in " + results);
        assertEquals(writers - 1, results.stream().filter(s -> s == 412).count(), "the others 412 in " + results);
    }

    @Test
    void aDeletedQuestionLeavesTheBankButItsAttemptsAreKeptAndReadable() {
        int number = create("What is vacuum for? " + slug);
        String learner = Keys.newLearner();
        String attempt = as(learner)
                .contentType("application/json")
                .body(Map.of(
                        "question",
                        number,
                        "answer",
                        "Reclaiming dead tuples.",
                        "rating",
                        "good",
                        "duration_ms",
                        30000))
                .when()
                .post("/v1/attempts")
                .then()
                .statusCode(201)
                .extract()
                .path("id");

        asAdmin()
                .header("If-Match", etagOf("/v1/questions/" + number))
                .when()
                .delete("/v1/questions/" + number)
                .then()
                .statusCode(204);

        given().when().get("/v1/questions/" + number).then().statusCode(404);
        given().queryParam("category", slug)
                .when()
                .get("/v1/questions")
                .then()
                .statusCode(200)
                .body("data.number", not(hasItem(number)));
        as(learner).when().get("/v1/attempts/" + attempt).then().statusCode(200).body("question", equalTo(number));
        as(learner)
                .when()
                .get("/v1/questions/" + number + "/attempts")
                .then()
                .statusCode(200)
                .body("data.id", hasItem(attempt));
        as(learner)
                .contentType("application/json")
                .body(Map.of("question", number, "answer", "Again.", "rating", "good", "duration_ms", 1000))
                .when()
                .post("/v1/attempts")
                .then()
                .statusCode(400)
                .body("invalid_params.name", hasItem("question"));
        asAdmin().when().delete("/v1/questions/" + number).then().statusCode(404);
        // Its number is never given to another question.
        assertNotEquals(number, create("What is autovacuum? " + slug));
    }

    @Test
    void categoriesAreWrittenWithTheSameRules() {
        String path = "/v1/categories/" + slug;
        asAdmin()
                .contentType("application/json")
                .body(Map.of("slug", slug, "name", "Another", "description", ""))
                .when()
                .post("/v1/categories")
                .then()
                .statusCode(409);
        asAdmin()
                .contentType("application/json")
                .body(Map.of("name", "Renamed " + slug, "description", "New."))
                .when()
                .put(path)
                .then()
                .statusCode(428);
        String etag = etagOf(path);
        Response replaced = asAdmin()
                .header("If-Match", etag)
                .contentType("application/json")
                .body(Map.of("name", "Renamed " + slug, "description", "New."))
                .when()
                .put(path);
        replaced.then().statusCode(200).body("name", equalTo("Renamed " + slug)).body("description", equalTo("New."));
        assertEquals(replaced.header("ETag"), etagOf(path));
        asAdmin()
                .header("If-Match", etag)
                .contentType("application/merge-patch+json")
                .body("{\"description\": \"Stale.\"}")
                .when()
                .patch(path)
                .then()
                .statusCode(412);
        asAdmin()
                .header("If-Match", etagOf(path))
                .contentType("application/merge-patch+json")
                .body("{\"name\": \"Caching and performance\"}")
                .when()
                .patch(path)
                .then()
                .statusCode(409);
        asAdmin()
                .header("If-Match", etagOf(path))
                .contentType("application/merge-patch+json")
                .body("{\"description\": \"Patched.\"}")
                .when()
                .patch(path)
                .then()
                .statusCode(200)
                .body("description", equalTo("Patched."))
                .body("name", equalTo("Renamed " + slug));

        int number = create("What is a heap-only tuple? " + slug);
        asAdmin().when().delete(path).then().statusCode(409).body("detail", containsString("1 question"));
        asAdmin().when().delete("/v1/questions/" + number).then().statusCode(204);
        asAdmin().when().delete(path).then().statusCode(204);
        given().when().get(path).then().statusCode(404);
        given().when().get("/v1/categories").then().statusCode(200).body("data.slug", not(hasItem(slug)));
    }
}

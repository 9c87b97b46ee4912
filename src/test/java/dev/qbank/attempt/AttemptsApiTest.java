package dev.qbank.attempt;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.emptyOrNullString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.matchesPattern;
import static org.hamcrest.Matchers.notNullValue;
import static org.hamcrest.Matchers.nullValue;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.qbank.support.ApiTest;
import dev.qbank.support.Learner;
import dev.qbank.support.Rows;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;
import jakarta.inject.Inject;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/** Recording, reading, listing and deleting one's own attempts. */
@QuarkusTest
class AttemptsApiTest extends ApiTest {

    private static final Pattern NEXT = Pattern.compile("<([^>]+)>; rel=\"next\"");
    private static final String PRIVATE = "private, no-cache";

    @Inject
    Rows rows;

    @Test
    void recordingAnAttemptAnswers201WithLocationAndETagAndTheLocationServesTheSameRepresentation() {
        Learner ada = Learner.signUp();
        Map<String, Object> body = Learner.attempt(8, "good");
        body.put("started_at", "2026-01-02T03:04:05.123456Z");
        Response created = ada.json(body).when().post("/v1/attempts");
        created.then()
                .statusCode(201)
                .contentType("application/json")
                .header("ETag", matchesPattern("^\"[A-Za-z0-9_-]+\"$"))
                .header("Cache-Control", equalTo(PRIVATE))
                .header("Vary", containsString("Authorization"))
                .body("question", equalTo(8))
                .body("answer", equalTo("An answer to question 8"))
                .body("rating", equalTo("good"))
                .body("duration_ms", equalTo(93_000))
                .body("started_at", equalTo("2026-01-02T03:04:05.123456Z"))
                .body("created_at", notNullValue())
                .body("due_at", notNullValue())
                .body("schedule_before.repetitions", equalTo(0))
                .body("schedule_after.repetitions", equalTo(1))
                .body("schedule_after.interval_days", equalTo(1))
                .body("_links.self.href", equalTo("/v1/attempts/" + created.path("id")))
                .body("_links.question.href", equalTo("/v1/questions/8"));
        String location = created.header("Location");
        assertTrue(location.matches("^http://[^/]+/v1/attempts/" + created.path("id") + "$"), location);

        Response read = ada.request().when().get(location);
        read.then()
                .statusCode(200)
                .contentType("application/json")
                .header("ETag", equalTo(created.header("ETag")))
                .header("Cache-Control", equalTo(PRIVATE))
                .header("Vary", containsString("Authorization"));
        assertArrayEquals(
                created.asByteArray(), read.asByteArray(), "the Location serves the representation the POST returned");
        assertEquals(1, rows.attemptsOf(ada.id()));
    }

    @Test
    void anAttemptWithoutStartedAtHasANullStartedAt() {
        Learner ada = Learner.signUp();
        ada.json(Learner.attempt(3, "easy"))
                .when()
                .post("/v1/attempts")
                .then()
                .statusCode(201)
                .body("started_at", nullValue());
    }

    @Test
    void theRepeatedReadOfAnAttemptWithItsETagIsNotModified() {
        Learner ada = Learner.signUp();
        UUID id = ada.record(8, "good");
        String etag = ada.request()
                .when()
                .get("/v1/attempts/" + id)
                .then()
                .statusCode(200)
                .extract()
                .header("ETag");
        ada.request()
                .header("If-None-Match", etag)
                .when()
                .get("/v1/attempts/" + id)
                .then()
                .statusCode(304)
                .header("ETag", equalTo(etag))
                .header("Cache-Control", equalTo(PRIVATE))
                .header("Vary", containsString("Authorization"))
                .body(emptyOrNullString());
        String listTag = ada.request()
                .when()
                .get("/v1/attempts")
                .then()
                .statusCode(200)
                .header("Cache-Control", equalTo(PRIVATE))
                .header("Vary", containsString("Authorization"))
                .extract()
                .header("ETag");
        ada.request()
                .header("If-None-Match", listTag)
                .when()
                .get("/v1/attempts")
                .then()
                .statusCode(304);
        // A new attempt changes the listing, so the old tag no longer matches.
        ada.record(9, "hard");
        ada.request()
                .header("If-None-Match", listTag)
                .when()
                .get("/v1/attempts")
                .then()
                .statusCode(200);
    }

    @Test
    void attemptsAreListedNewestFirst() {
        Learner ada = Learner.signUp();
        UUID first = ada.record(1, "good");
        UUID second = ada.record(2, "hard");
        UUID third = ada.record(3, "again");
        ada.request()
                .when()
                .get("/v1/attempts")
                .then()
                .statusCode(200)
                .header("Link", containsString("rel=\"first\""))
                .body("data.id", equalTo(List.of(third.toString(), second.toString(), first.toString())))
                .body("data.question", equalTo(List.of(3, 2, 1)))
                .body("page.has_more", equalTo(false))
                .body("page.limit", equalTo(20));
    }

    @Test
    void attemptsCanBeFilteredByQuestionAndCategory() {
        Learner ada = Learner.signUp();
        // Question 1 is about REST APIs; find a question of another category to tell the filters apart.
        int other = given().when()
                .get("/v1/categories/caching/questions?limit=1")
                .then()
                .extract()
                .path("data[0].number");
        UUID a = ada.record(1, "good");
        UUID b = ada.record(other, "good");
        UUID c = ada.record(1, "easy");

        ada.request()
                .queryParam("question", 1)
                .when()
                .get("/v1/attempts")
                .then()
                .statusCode(200)
                .body("data.id", equalTo(List.of(c.toString(), a.toString())));
        ada.request()
                .queryParam("category", "caching")
                .when()
                .get("/v1/attempts")
                .then()
                .statusCode(200)
                .body("data.id", equalTo(List.of(b.toString())));
        ada.request()
                .queryParam("category", "rest-apis")
                .queryParam("question", other)
                .when()
                .get("/v1/attempts")
                .then()
                .statusCode(200)
                .body("data", hasSize(0));
        ada.request()
                .queryParam("question", 40)
                .when()
                .get("/v1/attempts")
                .then()
                .statusCode(200)
                .body("data", hasSize(0));
    }

    @Test
    void attemptsCanBeFilteredByTimeWithSinceInclusiveAndUntilExclusive() {
        Learner ada = Learner.signUp();
        List<String> ids = new ArrayList<>();
        List<String> times = new ArrayList<>();
        for (int question = 1; question <= 3; question++) {
            Response created =
                    ada.json(Learner.attempt(question, "good")).when().post("/v1/attempts");
            ids.add(created.path("id"));
            times.add(created.path("created_at"));
        }
        ada.request()
                .queryParam("since", times.get(1))
                .when()
                .get("/v1/attempts")
                .then()
                .statusCode(200)
                .body("data.id", equalTo(List.of(ids.get(2), ids.get(1))));
        ada.request()
                .queryParam("until", times.get(1))
                .when()
                .get("/v1/attempts")
                .then()
                .statusCode(200)
                .body("data.id", equalTo(List.of(ids.get(0))));
        ada.request()
                .queryParam("since", times.get(0))
                .queryParam("until", times.get(2))
                .when()
                .get("/v1/attempts")
                .then()
                .statusCode(200)
                .body("data.id", equalTo(List.of(ids.get(1), ids.get(0))));
        ada.request()
                .queryParam("since", Instant.now().plus(Duration.ofDays(1)).toString())
                .when()
                .get("/v1/attempts")
                .then()
                .statusCode(200)
                .body("data", hasSize(0));
    }

    @Test
    void badFilterValuesAreInvalidParameters() {
        Learner ada = Learner.signUp();
        List<List<String>> bad = List.of(
                List.of("question", "eight"),
                List.of("question", "0"),
                List.of("question", "-3"),
                List.of("question", "1.5"),
                List.of("question", "99999999999"),
                List.of("category", "no-such-category"),
                List.of("category", " "),
                List.of("category", "x".repeat(65)),
                List.of("since", "yesterday"),
                List.of("since", "2026-13-01T00:00:00Z"),
                List.of("since", "2026-01-01"),
                List.of("until", "tomorrow"),
                List.of("until", "1700000000"),
                List.of("limit", "0"),
                List.of("limit", "101"),
                List.of("limit", "ten"));
        for (List<String> param : bad) {
            ada.request()
                    .queryParam(param.get(0), param.get(1))
                    .when()
                    .get("/v1/attempts")
                    .then()
                    .statusCode(400)
                    .contentType("application/problem+json")
                    .body("type", equalTo("https://qbank.dev/problems/invalid-parameters"))
                    .body("invalid_params[0].name", equalTo(param.get(0)));
        }
        ada.request()
                .queryParam("since", "2026-02-01T00:00:00Z")
                .queryParam("until", "2026-01-01T00:00:00Z")
                .when()
                .get("/v1/attempts")
                .then()
                .statusCode(400)
                .body("invalid_params[0].name", equalTo("since"));
    }

    @Test
    void aQuestionListsTheCallersAttemptsAtIt() {
        Learner ada = Learner.signUp();
        UUID first = ada.record(12, "again");
        ada.record(13, "good");
        UUID second = ada.record(12, "good");
        ada.request()
                .when()
                .get("/v1/questions/12/attempts")
                .then()
                .statusCode(200)
                .header("Cache-Control", equalTo(PRIVATE))
                .header("Vary", containsString("Authorization"))
                .body("data.id", equalTo(List.of(second.toString(), first.toString())))
                .body("data[0].schedule_before.repetitions", equalTo(0))
                .body("data[0].schedule_after.repetitions", equalTo(1));
        ada.request()
                .when()
                .get("/v1/questions/14/attempts")
                .then()
                .statusCode(200)
                .body("data", hasSize(0));
        ada.request()
                .when()
                .get("/v1/questions/999/attempts")
                .then()
                .statusCode(404)
                .body("type", equalTo("https://qbank.dev/problems/not-found"));
        ada.request()
                .when()
                .get("/v1/questions/twelve/attempts")
                .then()
                .statusCode(400)
                .body("invalid_params[0].name", equalTo("number"));
    }

    @Test
    void aDeletedAttemptIsGone() {
        Learner ada = Learner.signUp();
        UUID kept = ada.record(5, "good");
        UUID id = ada.record(5, "easy");
        ada.request().when().delete("/v1/attempts/" + id).then().statusCode(204).body(emptyOrNullString());
        ada.request()
                .when()
                .get("/v1/attempts/" + id)
                .then()
                .statusCode(404)
                .contentType("application/problem+json")
                .body("type", equalTo("https://qbank.dev/problems/not-found"));
        ada.request().when().delete("/v1/attempts/" + id).then().statusCode(404);
        ada.request().when().get("/v1/attempts").then().body("data.id", equalTo(List.of(kept.toString())));
        assertEquals(1, rows.attemptsOf(ada.id()));
    }

    @Test
    void aMalformedAttemptIdIsAnInvalidParameter() {
        Learner ada = Learner.signUp();
        for (String id : List.of(
                "42", "not-a-uuid", "0193a1b2-7c3d-7e4f-8a9b-0c1d2e3f4a5", "0193a1b2x7c3d-7e4f-8a9b-0c1d2e3f4a5b")) {
            ada.request()
                    .when()
                    .get("/v1/attempts/" + id)
                    .then()
                    .statusCode(400)
                    .body("invalid_params[0].name", equalTo("id"));
        }
    }

    @Test
    void attemptIdsAreVersionSevenUuidsThatIncreaseOverTime() {
        Learner ada = Learner.signUp();
        List<String> ids = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            Response created = ada.json(Learner.attempt(20 + i, "good")).when().post("/v1/attempts");
            UUID id = UUID.fromString(created.path("id"));
            assertEquals(7, id.version(), "UUIDv7: " + id);
            assertEquals('7', id.toString().charAt(14), "the version nibble is 7");
            assertEquals(2, id.variant(), "the RFC 9562 variant");
            // The first 48 bits are the Unix time in milliseconds: close to the attempt's created_at.
            long millis = id.getMostSignificantBits() >>> 16;
            long createdAt = Instant.parse(created.path("created_at")).toEpochMilli();
            assertTrue(
                    Math.abs(millis - createdAt) < 5_000,
                    "the id's timestamp " + millis + " is near created_at " + createdAt);
            ids.add(id.toString());
        }
        List<String> sorted = new ArrayList<>(ids);
        Collections.sort(sorted);
        assertEquals(ids, sorted, "ids in creation order are in ascending (byte) order");
        assertEquals(ids.size(), new HashSet<>(ids).size());
    }

    @Test
    void walkingTwentyFiveAttemptsSevenAtATimeReturnsEachOnceNewestFirst() {
        Learner ada = Learner.signUp();
        List<String> recorded = new ArrayList<>();
        for (int i = 0; i < 25; i++) {
            recorded.add(ada.record(1 + i % 40, i % 2 == 0 ? "good" : "hard").toString());
        }
        Collections.reverse(recorded);

        List<String> seen = new ArrayList<>();
        List<Integer> pageSizes = new ArrayList<>();
        String url = "/v1/attempts?limit=7";
        while (url != null) {
            Response page = ada.request().urlEncodingEnabled(false).when().get(url);
            page.then().statusCode(200).header("Cache-Control", equalTo(PRIVATE));
            List<String> ids = page.jsonPath().getList("data.id", String.class);
            seen.addAll(ids);
            pageSizes.add(ids.size());
            Matcher next = page.header("Link") == null ? null : NEXT.matcher(page.header("Link"));
            url = next != null && next.find() ? next.group(1) : null;
            assertTrue(pageSizes.size() < 10, "the walk ends");
        }
        assertEquals(List.of(7, 7, 7, 4), pageSizes);
        assertEquals(recorded, seen, "every attempt once, newest first");
    }

    @Test
    void aCursorOfOneFilterIsRefusedWithAnother() {
        Learner ada = Learner.signUp();
        for (int i = 0; i < 3; i++) {
            ada.record(1, "good");
        }
        String cursor = ada.request()
                .when()
                .get("/v1/attempts?limit=1&question=1")
                .then()
                .extract()
                .path("page.next_cursor");
        ada.request()
                .queryParam("limit", 1)
                .queryParam("question", 2)
                .queryParam("cursor", cursor)
                .when()
                .get("/v1/attempts")
                .then()
                .statusCode(400)
                .body("type", equalTo("https://qbank.dev/problems/invalid-cursor"));
        ada.request()
                .queryParam("limit", 1)
                .queryParam("question", 1)
                .queryParam("cursor", cursor)
                .when()
                .get("/v1/attempts")
                .then()
                .statusCode(200)
                .body("data", hasSize(1));
    }

    @Test
    void headWorksOnAttempts() {
        Learner ada = Learner.signUp();
        UUID id = ada.record(8, "good");
        ada.request().when().head("/v1/attempts/" + id).then().statusCode(200).header("ETag", notNullValue());
    }
}

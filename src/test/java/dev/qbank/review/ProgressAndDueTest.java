package dev.qbank.review;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.emptyOrNullString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.everyItem;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.matchesPattern;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.nullValue;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.qbank.support.ApiTest;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import io.restassured.response.Response;
import io.restassured.specification.RequestSpecification;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

/** GET /v1/users/me/progress and /v1/users/me/due: a learner's progress, streaks and SM-2 review queue (its learners choose SM-2). */
@QuarkusTest
class ProgressAndDueTest extends ApiTest {

    private static final List<String> CATEGORIES =
            List.of("rest-apis", "databases", "caching", "security", "microservices");
    private static final List<Integer> QUESTIONS_PER_CATEGORY = List.of(10, 10, 7, 6, 7);
    private static final Duration DAY = Duration.ofDays(1);
    private static final SecureRandom RANDOM = new SecureRandom();

    @Inject
    EntityManager em;

    private record Learner(UUID id, String key) {
        RequestSpecification request() {
            return given().header("Authorization", "Bearer " + key);
        }
    }

    // --- progress

    @Test
    void progressCountsAttemptsAndRatingsPerCategoryAndOverall() {
        Learner ada = signUp();
        attempt(ada, 1, "good");
        attempt(ada, 1, "again");
        Instant lastRest = createdAt(attempt(ada, 2, "easy"));
        attempt(ada, 11, "hard");
        Instant last = createdAt(attempt(ada, 21, "good"));

        JsonPath progress = ada.request()
                .when()
                .get("/v1/users/me/progress")
                .then()
                .statusCode(200)
                .extract()
                .jsonPath();

        assertEquals(CATEGORIES, progress.getList("categories.category"));
        assertEquals(QUESTIONS_PER_CATEGORY, progress.getList("categories.questions_total", Integer.class));
        assertEquals(List.of(2, 1, 1, 0, 0), progress.getList("categories.questions_attempted", Integer.class));
        assertEquals(List.of(3, 1, 1, 0, 0), progress.getList("categories.attempts", Integer.class));
        assertEquals(Map.of("again", 1, "hard", 0, "good", 1, "easy", 1), progress.getMap("categories[0].ratings"));
        assertEquals(Map.of("again", 0, "hard", 1, "good", 0, "easy", 0), progress.getMap("categories[1].ratings"));
        assertEquals(Map.of("again", 0, "hard", 0, "good", 1, "easy", 0), progress.getMap("categories[2].ratings"));
        assertEquals(Map.of("again", 0, "hard", 0, "good", 0, "easy", 0), progress.getMap("categories[3].ratings"));
        assertEquals(lastRest, Instant.parse(progress.getString("categories[0].last_attempt_at")));
        assertNull(progress.get("categories[3].last_attempt_at"));
        assertEquals("/v1/categories/security", progress.getString("categories[3]._links.category.href"));

        assertEquals(40, progress.getInt("overall.questions_total"));
        assertEquals(4, progress.getInt("overall.questions_attempted"));
        assertEquals(5, progress.getInt("overall.attempts"));
        assertEquals(last, Instant.parse(progress.getString("overall.last_attempt_at")));
        assertEquals(Map.of("again", 1, "hard", 1, "good", 2, "easy", 1), progress.getMap("overall.ratings"));
        assertEquals(1, progress.getInt("current_streak_days"));
        assertEquals(1, progress.getInt("longest_streak_days"));
        assertEquals("/v1/users/me/due", progress.getString("_links.due.href"));
    }

    @Test
    void aNewLearnerSeesEveryCategoryWithNothingAttempted() {
        signUp().request()
                .when()
                .get("/v1/users/me/progress")
                .then()
                .statusCode(200)
                .body("categories.category", equalTo(CATEGORIES))
                .body("categories.questions_total", equalTo(QUESTIONS_PER_CATEGORY))
                .body("categories.attempts", everyItem(equalTo(0)))
                .body("categories.questions_attempted", everyItem(equalTo(0)))
                .body("categories.last_attempt_at", everyItem(nullValue()))
                .body("overall.questions_total", equalTo(40))
                .body("overall.attempts", equalTo(0))
                .body("overall.last_attempt_at", nullValue())
                .body("overall.ratings", equalTo(Map.of("again", 0, "hard", 0, "good", 0, "easy", 0)))
                .body("current_streak_days", equalTo(0))
                .body("longest_streak_days", equalTo(0));
    }

    @Test
    void theCurrentStreakCountsConsecutiveUtcDaysEndingToday() {
        Learner ada = signUp();
        Instant now = Instant.now();
        // A four-day run, a gap, a lone day, a gap, then the three days up to today (two attempts on one of them).
        // All relative to one instant: should a UTC midnight pass before the GET, the run ends yesterday instead,
        // which still counts as current.
        for (int daysAgo : List.of(9, 8, 7, 6, 4, 2, 1, 1, 0)) {
            insertAttempt(ada, 1 + daysAgo, "good", now.minus(DAY.multipliedBy(daysAgo)));
        }
        ada.request()
                .when()
                .get("/v1/users/me/progress")
                .then()
                .statusCode(200)
                .body("current_streak_days", equalTo(3))
                .body("longest_streak_days", equalTo(4))
                .body("overall.attempts", equalTo(9));
    }

    @Test
    void aStreakEndingYesterdayIsStillCurrentUntilTheDayIsOver() {
        Learner ada = signUp();
        Instant now = Instant.now();
        for (int daysAgo : List.of(6, 3, 2, 1)) {
            insertAttempt(ada, daysAgo, "hard", now.minus(DAY.multipliedBy(daysAgo)));
        }
        ada.request()
                .when()
                .get("/v1/users/me/progress")
                .then()
                .statusCode(200)
                .body("current_streak_days", equalTo(3))
                .body("longest_streak_days", equalTo(3));
    }

    @Test
    void aStreakThatEndedBeforeYesterdayIsNoLongerCurrent() {
        Learner ada = signUp();
        Instant now = Instant.now();
        for (int daysAgo : List.of(4, 3, 2)) {
            insertAttempt(ada, daysAgo, "easy", now.minus(DAY.multipliedBy(daysAgo)));
        }
        ada.request()
                .when()
                .get("/v1/users/me/progress")
                .then()
                .statusCode(200)
                .body("current_streak_days", equalTo(0))
                .body("longest_streak_days", equalTo(3));
    }

    // --- the review queue

    @Test
    void questionsDueNowComeSoonestFirstThenNewOnesByNumber() {
        Learner ada = signUp();
        Instant now = Instant.now().truncatedTo(ChronoUnit.MICROS);
        // Rated again yesterday: SM-2 scheduled it one day later, an hour ago.
        JsonPath again = attempt(ada, 5, "again");
        assertEquals(1, again.getInt("schedule_after.interval_days"));
        moveAttempt(again, now.minus(Duration.ofHours(25)), now.minus(Duration.ofHours(1)));
        // Rated good three days ago and due two days ago: the most overdue.
        JsonPath good = attempt(ada, 3, "good");
        moveAttempt(good, now.minus(DAY.multipliedBy(3)), now.minus(DAY.multipliedBy(2)));
        // Rated easy just now: due tomorrow, not now.
        attempt(ada, 9, "easy");

        JsonPath queue = ada.request()
                .queryParam("limit", 100)
                .when()
                .get("/v1/users/me/due")
                .then()
                .statusCode(200)
                .body("page.has_more", equalTo(false))
                .extract()
                .jsonPath();

        List<Integer> expected = new ArrayList<>(List.of(3, 5));
        IntStream.rangeClosed(1, 40).filter(n -> n != 3 && n != 5 && n != 9).forEach(expected::add);
        assertEquals(expected, queue.getList("data.question", Integer.class));

        assertEquals(now.minus(DAY.multipliedBy(2)), Instant.parse(queue.getString("data[0].due_at")));
        assertEquals(now.minus(Duration.ofHours(1)), Instant.parse(queue.getString("data[1].due_at")));
        assertEquals(now.minus(Duration.ofHours(25)), Instant.parse(queue.getString("data[1].last_attempt_at")));
        assertEquals("again", queue.getString("data[1].last_rating"));
        assertEquals(1, queue.getInt("data[1].interval_days"));
        assertEquals("rest-apis", queue.getString("data[1].category"));
        assertEquals(
                given().when().get("/v1/questions/5").then().extract().path("text"), queue.getString("data[1].text"));
        assertEquals("/v1/questions/5", queue.getString("data[1]._links.question.href"));
        assertEquals("/v1/questions/5/attempts", queue.getString("data[1]._links.attempts.href"));

        // The first new question: never attempted, so no schedule.
        assertEquals(1, queue.getInt("data[2].question"));
        assertNull(queue.get("data[2].due_at"));
        assertNull(queue.get("data[2].interval_days"));
        assertNull(queue.get("data[2].last_rating"));
        assertNull(queue.get("data[2].last_attempt_at"));
        assertEquals("/v1/questions/1/attempts", queue.getString("data[2]._links.attempts.href"));
    }

    @Test
    void theLatestAttemptDecidesWhetherAQuestionIsDue() {
        Learner ada = signUp();
        Instant now = Instant.now().truncatedTo(ChronoUnit.MICROS);
        moveAttempt(attempt(ada, 7, "again"), now.minus(DAY.multipliedBy(2)), now.minus(DAY));
        ada.request()
                .queryParam("include_new", "false")
                .when()
                .get("/v1/users/me/due")
                .then()
                .statusCode(200)
                .body("data.question", equalTo(List.of(7)));
        // Answered again now: the new schedule puts it a day ahead, so it leaves the queue.
        attempt(ada, 7, "good");
        ada.request()
                .queryParam("include_new", "false")
                .when()
                .get("/v1/users/me/due")
                .then()
                .statusCode(200)
                .body("data", hasSize(0));
    }

    @Test
    void includeNewFalseListsOnlyTheDueQuestions() {
        Learner ada = signUp();
        Instant now = Instant.now().truncatedTo(ChronoUnit.MICROS);
        moveAttempt(attempt(ada, 30, "hard"), now.minus(DAY.multipliedBy(2)), now.minus(DAY));
        moveAttempt(attempt(ada, 12, "again"), now.minus(DAY.multipliedBy(3)), now.minus(DAY.multipliedBy(2)));
        attempt(ada, 20, "easy");

        ada.request()
                .queryParam("include_new", "false")
                .when()
                .get("/v1/users/me/due")
                .then()
                .statusCode(200)
                .body("data.question", equalTo(List.of(12, 30)))
                .body("data.category", equalTo(List.of("databases", "security")))
                .body("page.has_more", equalTo(false));
        ada.request()
                .queryParam("include_new", "true")
                .queryParam("limit", 3)
                .when()
                .get("/v1/users/me/due")
                .then()
                .statusCode(200)
                .body("data.question", equalTo(List.of(12, 30, 1)));
        signUp().request()
                .queryParam("include_new", "false")
                .when()
                .get("/v1/users/me/due")
                .then()
                .statusCode(200)
                .body("data", hasSize(0))
                .body("page.has_more", equalTo(false));
    }

    @Test
    void anInvalidIncludeNewIsAProblemNamingIt() {
        Learner ada = signUp();
        for (String bad : List.of("yes", "1", "TRUE", "no")) {
            ada.request()
                    .queryParam("include_new", bad)
                    .when()
                    .get("/v1/users/me/due")
                    .then()
                    .statusCode(400)
                    .contentType("application/problem+json")
                    .body("type", equalTo("https://qbank.dev/problems/invalid-parameters"))
                    .body("invalid_params[0].name", equalTo("include_new"))
                    .body("detail", equalTo("Invalid include_new: must be true or false"));
        }
        // An empty value is no value, as for every other query parameter: the default, true.
        ada.request()
                .urlEncodingEnabled(false)
                .when()
                .get("/v1/users/me/due?include_new=&limit=1")
                .then()
                .statusCode(200)
                .body("data.question", equalTo(List.of(1)));
    }

    @Test
    void walkingTheQueueWithLimitSevenReturnsEveryQuestionExactlyOnceInOrder() {
        Learner ada = signUp();
        Instant now = Instant.now().truncatedTo(ChronoUnit.MICROS);
        // Ten due questions with distinct and tied due dates, answered in an order unlike their due order.
        int[] questions = {33, 4, 17, 25, 8, 40, 12, 1, 29, 36};
        int[] hoursOverdue = {5, 30, 30, 2, 48, 30, 1, 72, 12, 2};
        for (int i = 0; i < questions.length; i++) {
            moveAttempt(
                    attempt(ada, questions[i], "again"),
                    now.minus(Duration.ofHours(hoursOverdue[i] + 24L)),
                    now.minus(Duration.ofHours(hoursOverdue[i])));
        }
        // By due_at (most overdue first), ties by number; then the thirty new questions by number.
        List<Integer> expected = new ArrayList<>(List.of(1, 8, 4, 17, 40, 29, 33, 25, 36, 12));
        IntStream.rangeClosed(1, 40).filter(n -> !expected.contains(n)).forEach(expected::add);

        List<List<Integer>> pages = walk(ada, "/v1/users/me/due?limit=7", "next");
        assertEquals(expected, pages.stream().flatMap(List::stream).toList());
        assertEquals(6, pages.size());
        assertTrue(pages.stream().limit(5).allMatch(p -> p.size() == 7), "full pages until the last");

        // And back: rel="prev" from the last page retraces the same pages, across the due/new boundary.
        String last = ada.request()
                .queryParam("limit", 7)
                .queryParam("cursor", cursorOfPage(ada, 5))
                .when()
                .get("/v1/users/me/due")
                .then()
                .statusCode(200)
                .extract()
                .header("Link");
        Matcher prev = Pattern.compile("<([^>]+)>; rel=\"prev\"").matcher(last);
        assertTrue(prev.find());
        List<List<Integer>> backwards = walk(ada, prev.group(1), "prev");
        List<List<Integer>> retraced = new ArrayList<>(pages.subList(0, 5));
        Collections.reverse(retraced);
        assertEquals(retraced, backwards);
    }

    // --- caching, privacy and authentication

    @Test
    void progressAndQueueArePrivateAndAnswerIfNoneMatchWithNotModified() {
        Learner ada = signUp();
        attempt(ada, 2, "good");
        for (String path : List.of("/v1/users/me/progress", "/v1/users/me/due?limit=5")) {
            Response first = ada.request().when().get(path);
            first.then()
                    .statusCode(200)
                    .header("ETag", matchesPattern("^\"[A-Za-z0-9_-]+\"$"))
                    .header("Cache-Control", equalTo("private, no-cache"))
                    .header("Vary", equalTo("Accept, Accept-Encoding, Authorization"));
            String etag = first.header("ETag");

            ada.request()
                    .header("If-None-Match", etag)
                    .when()
                    .get(path)
                    .then()
                    .statusCode(304)
                    .header("ETag", equalTo(etag))
                    .header("Cache-Control", equalTo("private, no-cache"))
                    .header("Vary", equalTo("Accept, Accept-Encoding, Authorization"))
                    .body(emptyOrNullString());
        }
    }

    @Test
    void aNewAttemptChangesTheETags() {
        Learner ada = signUp();
        String progress = ada.request()
                .when()
                .get("/v1/users/me/progress")
                .then()
                .extract()
                .header("ETag");
        String due =
                ada.request().when().get("/v1/users/me/due").then().extract().header("ETag");
        attempt(ada, 1, "easy");
        ada.request()
                .header("If-None-Match", progress)
                .when()
                .get("/v1/users/me/progress")
                .then()
                .statusCode(200)
                .header("ETag", not(equalTo(progress)));
        ada.request()
                .header("If-None-Match", due)
                .when()
                .get("/v1/users/me/due")
                .then()
                .statusCode(200)
                .header("ETag", not(equalTo(due)));
    }

    @Test
    void aLearnerNeverSeesAnotherLearnersProgressOrQueue() {
        Learner ada = signUp();
        Learner bob = signUp();
        Instant now = Instant.now().truncatedTo(ChronoUnit.MICROS);
        moveAttempt(attempt(ada, 6, "again"), now.minus(DAY.multipliedBy(2)), now.minus(DAY));
        attempt(ada, 7, "good");

        bob.request()
                .when()
                .get("/v1/users/me/progress")
                .then()
                .statusCode(200)
                .body("overall.attempts", equalTo(0))
                .body("categories.attempts", everyItem(equalTo(0)))
                .body("current_streak_days", equalTo(0));
        bob.request()
                .queryParam("limit", 100)
                .when()
                .get("/v1/users/me/due")
                .then()
                .statusCode(200)
                .body(
                        "data.question",
                        equalTo(IntStream.rangeClosed(1, 40).boxed().toList()))
                .body("data.last_attempt_at", everyItem(nullValue()));
        bob.request()
                .queryParam("include_new", "false")
                .when()
                .get("/v1/users/me/due")
                .then()
                .statusCode(200)
                .body("data", hasSize(0));

        ada.request().when().get("/v1/users/me/progress").then().statusCode(200).body("overall.attempts", equalTo(2));
        ada.request()
                .queryParam("include_new", "false")
                .when()
                .get("/v1/users/me/due")
                .then()
                .statusCode(200)
                .body("data.question", equalTo(List.of(6)));

        // Same URL, different caller: a different representation, hence a different ETag.
        String adas = ada.request()
                .when()
                .get("/v1/users/me/progress")
                .then()
                .extract()
                .header("ETag");
        String bobs = bob.request()
                .when()
                .get("/v1/users/me/progress")
                .then()
                .extract()
                .header("ETag");
        assertNotEquals(adas, bobs);
        bob.request()
                .header("If-None-Match", adas)
                .when()
                .get("/v1/users/me/progress")
                .then()
                .statusCode(200);
    }

    @Test
    void withoutAnApiKeyBothAreUnauthorized() {
        for (String path : List.of("/v1/users/me/progress", "/v1/users/me/due")) {
            given().when()
                    .get(path)
                    .then()
                    .statusCode(401)
                    .contentType("application/problem+json")
                    .header("WWW-Authenticate", equalTo("Bearer realm=\"qbank\""))
                    .body("type", equalTo("https://qbank.dev/problems/unauthorized"));
            given().header("Authorization", "Bearer qb_not-a-key")
                    .when()
                    .get(path)
                    .then()
                    .statusCode(401)
                    .body("type", equalTo("https://qbank.dev/problems/invalid-api-key"));
        }
    }

    @Test
    void theUserRoutesStillAnswerBesideTheReviewRoutes() {
        // The review routes live in UserResource beside /v1/users/me and its keys; every route must still match.
        Learner ada = signUp();
        ada.request()
                .when()
                .get("/v1/users/me")
                .then()
                .statusCode(200)
                .body("id", equalTo(ada.id().toString()))
                .body("_links.progress.href", equalTo("/v1/users/me/progress"))
                .body("_links.due.href", equalTo("/v1/users/me/due"));
        ada.request().when().get("/v1/users/" + ada.id()).then().statusCode(200);
        ada.request().when().get("/v1/users/me/keys").then().statusCode(200).body("data", hasSize(1));
        ada.request()
                .contentType("application/json")
                .body("{}")
                .when()
                .post("/v1/users/me/keys")
                .then()
                .statusCode(201);
        ada.request()
                .when()
                .post("/v1/users/me/progress")
                .then()
                .statusCode(405)
                .header("Allow", equalTo("GET, HEAD, OPTIONS"));
        ada.request().when().get("/v1/users/me/nothing-here").then().statusCode(404);
    }

    // --- helpers

    private Learner signUp() {
        JsonPath created = given().contentType("application/json")
                .body(Map.of("name", "Ada"))
                .when()
                .post("/v1/users")
                .then()
                .statusCode(201)
                .extract()
                .jsonPath();
        Learner learner =
                new Learner(UUID.fromString(created.getString("user.id")), created.getString("api_key.secret"));
        // These tests are about SM-2's queue; new learners start on FSRS-6 (FsrsQueueTest).
        String etag = learner.request().get("/v1/users/me").then().extract().header("ETag");
        learner.request()
                .contentType("application/merge-patch+json")
                .header("If-Match", etag)
                .body(Map.of("scheduler", "sm2"))
                .when()
                .patch("/v1/users/me")
                .then()
                .statusCode(200);
        return learner;
    }

    private JsonPath attempt(Learner learner, int question, String rating) {
        return learner.request()
                .contentType("application/json")
                .body(Map.of(
                        "question",
                        question,
                        "answer",
                        "My answer to " + question,
                        "rating",
                        rating,
                        "duration_ms",
                        60000))
                .when()
                .post("/v1/attempts")
                .then()
                .statusCode(201)
                .extract()
                .jsonPath();
    }

    private static Instant createdAt(JsonPath attempt) {
        return Instant.parse(attempt.getString("created_at"));
    }

    /** Moves a recorded attempt into the past, as if it had been made then with the schedule given. */
    private void moveAttempt(JsonPath attempt, Instant createdAt, Instant dueAt) {
        QuarkusTransaction.requiringNew()
                .run(() -> em.createNativeQuery("UPDATE attempts SET created_at = ?1, due_at = ?2 WHERE id = ?3")
                        .setParameter(1, createdAt)
                        .setParameter(2, dueAt)
                        .setParameter(3, UUID.fromString(attempt.getString("id")))
                        .executeUpdate());
    }

    /** An attempt made at {@code createdAt}, inserted as the service would have recorded it then (a first attempt). */
    private void insertAttempt(Learner learner, int question, String rating, Instant createdAt) {
        Sm2.State after = Sm2.next(Sm2.State.NEW, Rating.fromWire(rating).orElseThrow());
        Instant at = createdAt.truncatedTo(ChronoUnit.MICROS);
        QuarkusTransaction.requiringNew().run(() -> em.createNativeQuery("""
                        INSERT INTO attempts (id, user_id, question_number, answer, rating, duration_ms, created_at,
                            ease_before, ease_after, interval_days_before, interval_days_after,
                            repetitions_before, repetitions_after, due_at)
                        VALUES (?1, ?2, ?3, 'An earlier answer', ?4, 30000, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12)""")
                .setParameter(1, uuidV7At(at))
                .setParameter(2, learner.id())
                .setParameter(3, question)
                .setParameter(4, rating)
                .setParameter(5, at)
                .setParameter(6, Sm2.State.NEW.ease())
                .setParameter(7, after.ease())
                .setParameter(8, Sm2.State.NEW.intervalDays())
                .setParameter(9, after.intervalDays())
                .setParameter(10, Sm2.State.NEW.repetitions())
                .setParameter(11, after.repetitions())
                .setParameter(12, Sm2.dueAt(at, after))
                .executeUpdate());
    }

    /** A UUIDv7 (RFC 9562) for the given time, so that id order stays time order as the service assumes. */
    private static UUID uuidV7At(Instant at) {
        long msb = (at.toEpochMilli() << 16) | 0x7000L | (RANDOM.nextInt() & 0x0FFFL);
        long lsb = (RANDOM.nextLong() & 0x3FFFFFFFFFFFFFFFL) | 0x8000000000000000L;
        return new UUID(msb, lsb);
    }

    /** Follows {@code rel} Link headers from {@code start}, collecting the question numbers of each page. */
    private static List<List<Integer>> walk(Learner learner, String start, String rel) {
        Pattern pattern = Pattern.compile("<([^>]+)>; rel=\"" + rel + "\"");
        List<List<Integer>> pages = new ArrayList<>();
        String url = start;
        while (url != null) {
            Response response =
                    learner.request().urlEncodingEnabled(false).when().get(url);
            response.then().statusCode(200);
            pages.add(response.jsonPath().getList("data.question", Integer.class));
            Matcher next = pattern.matcher(response.header("Link"));
            url = next.find() ? next.group(1) : null;
            assertTrue(pages.size() < 20, "the walk ends");
        }
        return pages;
    }

    /** The cursor that leads to page {@code index} (from 0) of the queue with limit 7. */
    private static String cursorOfPage(Learner learner, int index) {
        String cursor = null;
        for (int i = 0; i < index; i++) {
            RequestSpecification request = learner.request().queryParam("limit", 7);
            if (cursor != null) {
                request.queryParam("cursor", cursor);
            }
            cursor = request.when()
                    .get("/v1/users/me/due")
                    .then()
                    .statusCode(200)
                    .extract()
                    .path("page.next_cursor");
        }
        return cursor;
    }
}

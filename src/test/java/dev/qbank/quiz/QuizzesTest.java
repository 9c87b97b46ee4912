package dev.qbank.quiz;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.everyItem;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.matchesPattern;
import static org.hamcrest.Matchers.notNullValue;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.qbank.support.ApiTest;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import io.restassured.response.Response;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

/** POST /v1/quizzes: questions a learner has not been served before, until the pool runs out. */
@QuarkusTest
class QuizzesTest extends ApiTest {

    static String signUp() {
        return given().contentType("application/json")
                .body("{\"name\":\"Quiz taker\"}")
                .when()
                .post("/v1/users")
                .then()
                .statusCode(201)
                .extract()
                .jsonPath()
                .getString("api_key.secret");
    }

    private static Response quiz(String key, String body) {
        return given().auth()
                .oauth2(key)
                .contentType("application/json")
                .body(body)
                .when()
                .post("/v1/quizzes");
    }

    private static List<Integer> numbers(JsonPath quiz) {
        return quiz.getList("questions.question.number", Integer.class);
    }

    @Test
    void aQuizIsCreatedWithItsLocationAndQuestions() {
        String key = signUp();
        JsonPath quiz = quiz(key, "{\"count\": 5, \"category\": \"databases\"}")
                .then()
                .statusCode(201)
                .header("Location", matchesPattern("http://[^/]+/v1/quizzes/[0-9a-f-]{36}"))
                .header("Cache-Control", equalTo("private, no-cache"))
                .body("requested", equalTo(5))
                .body("questions", hasSize(5))
                .body("questions.position", equalTo(List.of(1, 2, 3, 4, 5)))
                .body("questions.question.category", everyItem(equalTo("databases")))
                .body("questions.attempted", everyItem(equalTo(false)))
                .body("filters.category", equalTo("databases"))
                .body("remaining", equalTo(5))
                .body("pool_exhausted", equalTo(false))
                .body("_links.reset.href", equalTo("/v1/quizzes/reset"))
                .extract()
                .jsonPath();
        given().auth()
                .oauth2(key)
                .when()
                .get("/v1/quizzes/" + quiz.getString("id"))
                .then()
                .statusCode(200)
                .body("questions.question.number", equalTo(numbers(quiz)));
    }

    @Test
    void anEmptyBodyAsksForTenQuestionsOfTheWholeBank() {
        given().auth()
                .oauth2(signUp())
                .contentType("application/json")
                .when()
                .post("/v1/quizzes")
                .then()
                .statusCode(201)
                .body("questions", hasSize(10))
                .body("remaining", equalTo(30));
    }

    @Test
    void quizzesNeverRepeatAQuestionUntilThePoolIsExhaustedThenSayWhy() {
        String key = signUp();
        Set<Integer> served = new HashSet<>();
        for (int i = 0; i < 4; i++) {
            JsonPath quiz =
                    quiz(key, "{\"count\": 9}").then().statusCode(201).extract().jsonPath();
            for (int number : numbers(quiz)) {
                assertTrue(served.add(number), "question " + number + " served twice");
            }
            assertEquals(40 - served.size(), quiz.getInt("remaining"));
        }
        // 36 served; the next quiz takes the last 4 and says the pool is exhausted.
        quiz(key, "{\"count\": 9}")
                .then()
                .statusCode(201)
                .body("questions", hasSize(4))
                .body("requested", equalTo(9))
                .body("pool_exhausted", equalTo(true))
                .body("remaining", equalTo(0));
        quiz(key, "{\"count\": 1}")
                .then()
                .statusCode(409)
                .contentType("application/problem+json")
                .body("type", equalTo("https://qbank.dev/problems/quiz-pool-exhausted"))
                .body("reset", equalTo("/v1/quizzes/reset"));
        given().auth()
                .oauth2(key)
                .when()
                .post("/v1/quizzes/reset")
                .then()
                .statusCode(200)
                .body("released", equalTo(40));
        quiz(key, "{\"count\": 40}")
                .then()
                .statusCode(201)
                .body("questions", hasSize(40))
                .body("pool_exhausted", equalTo(true));
    }

    @Test
    void thePoolIsPerFilterAndPerUser() {
        String ada = signUp();
        quiz(ada, "{\"count\": 40, \"category\": \"caching\"}")
                .then()
                .statusCode(201)
                .body("questions", hasSize(7))
                .body("pool_exhausted", equalTo(true));
        quiz(ada, "{\"category\": \"caching\"}").then().statusCode(409);
        quiz(ada, "{\"count\": 40}")
                .then()
                .statusCode(201)
                .body("questions", hasSize(33))
                .body("questions.question.category", everyItem(org.hamcrest.Matchers.not("caching")));
        quiz(signUp(), "{\"count\": 7, \"category\": \"caching\"}")
                .then()
                .statusCode(201)
                .body("questions", hasSize(7));
    }

    @Test
    void concurrentQuizzesOfOneUserNeverShareAQuestion() throws Exception {
        String key = signUp();
        ExecutorService pool = Executors.newFixedThreadPool(4);
        try {
            List<Callable<Response>> calls = IntStream.range(0, 4)
                    .mapToObj(i -> (Callable<Response>) () -> quiz(key, "{\"count\": 15}"))
                    .toList();
            List<Integer> all = new ArrayList<>();
            int created = 0;
            for (Future<Response> future : pool.invokeAll(calls)) {
                Response response = future.get();
                if (response.statusCode() == 201) {
                    created++;
                    all.addAll(numbers(response.jsonPath()));
                } else {
                    assertEquals(409, response.statusCode(), response.asString());
                }
            }
            assertEquals(new HashSet<>(all).size(), all.size(), "no question in two quizzes: " + all);
            assertEquals(40, all.size(), "15 + 15 + 10 (exhausted) + a 409: " + all);
            assertEquals(3, created);
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void aQuizShowsWhichOfItsQuestionsHaveBeenAttempted() {
        String key = signUp();
        JsonPath quiz =
                quiz(key, "{\"count\": 3}").then().statusCode(201).extract().jsonPath();
        int second = numbers(quiz).get(1);
        given().auth()
                .oauth2(key)
                .contentType("application/json")
                .body("{\"question\": " + second + ", \"answer\": \"x\", \"rating\": \"good\", \"duration_ms\": 1000, "
                        + "\"started_at\": \"" + java.time.Instant.now().minusSeconds(5) + "\"}")
                .when()
                .post("/v1/attempts")
                .then()
                .statusCode(201);
        given().auth()
                .oauth2(key)
                .when()
                .get("/v1/quizzes/" + quiz.getString("id"))
                .then()
                .statusCode(200)
                .body("questions.attempted", equalTo(List.of(false, true, false)))
                .body("questions[1].attempts", equalTo(1))
                .body("answered", equalTo(1));
    }

    @Test
    void anotherUsersQuizIsNotFound() {
        String id = quiz(signUp(), "{\"count\": 1}")
                .then()
                .statusCode(201)
                .extract()
                .jsonPath()
                .getString("id");
        given().auth()
                .oauth2(signUp())
                .when()
                .get("/v1/quizzes/" + id)
                .then()
                .statusCode(404)
                .body("type", equalTo("https://qbank.dev/problems/not-found"));
        given().auth()
                .oauth2(signUp())
                .when()
                .get("/v1/quizzes/not-a-uuid")
                .then()
                .statusCode(400);
    }

    @Test
    void quizzesNeedAKey() {
        given().contentType("application/json")
                .body("{}")
                .when()
                .post("/v1/quizzes")
                .then()
                .statusCode(401)
                .header("WWW-Authenticate", notNullValue());
        given().when().post("/v1/quizzes/reset").then().statusCode(401);
    }

    @Test
    void badRequestsNameTheField() {
        String key = signUp();
        quiz(key, "{\"count\": 0}").then().statusCode(400).body("invalid_params[0].name", equalTo("count"));
        quiz(key, "{\"count\": 41}").then().statusCode(400).body("invalid_params[0].name", equalTo("count"));
        quiz(key, "{\"difficulty\": \"impossible\"}")
                .then()
                .statusCode(400)
                .body("invalid_params[0].name", equalTo("difficulty"));
        quiz(key, "{\"category\": \"cooking\"}")
                .then()
                .statusCode(400)
                .body("invalid_params[0].name", equalTo("category"));
        quiz(key, "{\"colour\": \"blue\"}").then().statusCode(400).body("invalid_params[0].name", equalTo("colour"));
    }

    @Test
    void anIdempotencyKeyReplaysTheQuizInsteadOfDrawingAnother() {
        String key = signUp();
        Response first = given().auth()
                .oauth2(key)
                .header("Idempotency-Key", "\"quiz-1\"")
                .contentType("application/json")
                .body("{\"count\": 5}")
                .when()
                .post("/v1/quizzes");
        first.then().statusCode(201);
        given().auth()
                .oauth2(key)
                .header("Idempotency-Key", "\"quiz-1\"")
                .contentType("application/json")
                .body("{\"count\": 5}")
                .when()
                .post("/v1/quizzes")
                .then()
                .statusCode(201)
                .header("Idempotent-Replayed", equalTo("true"))
                .header("Location", equalTo(first.header("Location")))
                .body("id", equalTo(first.jsonPath().getString("id")));
        quiz(key, "{\"count\": 40}").then().statusCode(201).body("questions", hasSize(35));
        given().auth()
                .oauth2(key)
                .header("Idempotency-Key", "\"quiz-1\"")
                .contentType("application/json")
                .body("{\"count\": 6}")
                .when()
                .post("/v1/quizzes")
                .then()
                .statusCode(422);
        given().auth()
                .oauth2(key)
                .header("Idempotency-Key", "reset-1")
                .when()
                .post("/v1/quizzes/reset")
                .then()
                .statusCode(200)
                .body("released", equalTo(40));
        given().auth()
                .oauth2(key)
                .header("Idempotency-Key", "reset-1")
                .when()
                .post("/v1/quizzes/reset")
                .then()
                .statusCode(200)
                .header("Idempotent-Replayed", equalTo("true"))
                .body("released", equalTo(40));
    }
}

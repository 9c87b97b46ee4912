package dev.qbank.attempt;

import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.not;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.qbank.support.ApiTest;
import dev.qbank.support.Learner;
import dev.qbank.support.Rows;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.ValidatableResponse;
import jakarta.inject.Inject;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

/** Bad and hostile input to POST /v1/attempts: always a 4xx problem naming the field, and nothing written. */
@QuarkusTest
class AttemptInputTest extends ApiTest {

    static final List<String> INJECTIONS = List.of(
            "'; DROP TABLE attempts; --",
            "1 OR 1=1",
            "1' OR '1'='1",
            "8; DELETE FROM users",
            "\" OR \"\"=\"",
            "$1",
            "%27%3B--");

    @Inject
    Rows rows;

    private Learner ada;

    @BeforeEach
    void signUp() {
        ada = Learner.signUp();
    }

    static Stream<Arguments> invalidFields() {
        return Stream.of(
                Arguments.of("question", 999),
                Arguments.of("question", 0),
                Arguments.of("question", -1),
                Arguments.of("question", "eight"),
                Arguments.of("question", 8.5),
                Arguments.of("question", List.of(8)),
                Arguments.of("question", null),
                Arguments.of("rating", "perfect"),
                Arguments.of("rating", "GOOD"),
                Arguments.of("rating", ""),
                Arguments.of("rating", 4),
                Arguments.of("rating", null),
                Arguments.of("duration_ms", -1),
                Arguments.of("duration_ms", 86_400_001),
                Arguments.of("duration_ms", 1e12),
                Arguments.of("duration_ms", 93_000.5),
                Arguments.of("duration_ms", 99_999_999_999L),
                Arguments.of("duration_ms", "abc"),
                Arguments.of("duration_ms", Map.of("ms", 1)),
                Arguments.of("duration_ms", null),
                Arguments.of("answer", "x".repeat(10_001)),
                Arguments.of("answer", null),
                Arguments.of("answer", List.of("a", "b")),
                Arguments.of("answer", "nul \u0000 byte"),
                Arguments.of("started_at", "yesterday"),
                Arguments.of("started_at", "2026-02-30T10:00:00Z"),
                Arguments.of(
                        "started_at", Instant.now().plus(1, ChronoUnit.DAYS).toString()),
                Arguments.of("started_at", "+999999999-12-31T23:59:59Z"));
    }

    @ParameterizedTest(name = "{0} = {1}")
    @MethodSource("invalidFields")
    void anInvalidFieldIsAProblemNamingItAndNothingIsWritten(String field, Object value) {
        problem(
                        ada.json(Learner.attemptWith(field, value))
                                .when()
                                .post("/v1/attempts")
                                .then(),
                        400)
                .body("type", equalTo("https://qbank.dev/problems/invalid-parameters"))
                .body("invalid_params.name", hasItem(field));
        assertNothingWritten();
    }

    @ParameterizedTest
    @ValueSource(strings = {"id", "user_id", "created_at", "due_at", "schedule_after", "ease"})
    void anUnknownFieldIsRefusedByName(String field) {
        problem(
                        ada.json(Learner.attemptWith(field, "x"))
                                .when()
                                .post("/v1/attempts")
                                .then(),
                        400)
                .body("invalid_params[0].name", equalTo(field))
                .body("detail", containsString(field));
        assertNothingWritten();
    }

    @Test
    void anEmptyObjectNamesEveryRequiredField() {
        problem(ada.json("{}").when().post("/v1/attempts").then(), 400)
                .body("invalid_params.name", equalTo(List.of("answer", "duration_ms", "question", "rating")));
        assertNothingWritten();
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                "{\"question\": 8,",
                "not json",
                "[]",
                "\"a string\"",
                "{\"question\": 8} {}",
                "{'question': 8}",
                "null"
            })
    void aBodyThatIsNotAnAttemptObjectIsRefused(String body) {
        problem(ada.json(body).when().post("/v1/attempts").then(), 400);
        assertNothingWritten();
    }

    @Test
    void malformedJsonIsAMalformedJsonProblemWithoutInternals() {
        problem(ada.json("{\"question\": 8,").when().post("/v1/attempts").then(), 400)
                .body("type", equalTo("https://qbank.dev/problems/malformed-json"))
                .body(not(containsString("jackson")))
                .body(not(containsString("Exception")));
        assertNothingWritten();
    }

    @Test
    void aMissingBodyIsRefused() {
        problem(
                ada.request()
                        .contentType("application/json")
                        .when()
                        .post("/v1/attempts")
                        .then(),
                400);
        assertNothingWritten();
    }

    @Test
    void aBodyThatIsNotJsonIsAnUnsupportedMediaType() {
        problem(
                        ada.request()
                                .contentType("text/plain")
                                .body("question=8")
                                .when()
                                .post("/v1/attempts")
                                .then(),
                        415)
                .body("type", equalTo("https://qbank.dev/problems/unsupported-media-type"));
        problem(
                ada.request()
                        .contentType("application/x-www-form-urlencoded")
                        .formParam("question", "8")
                        .when()
                        .post("/v1/attempts")
                        .then(),
                415);
        problem(
                ada.request()
                        .contentType("application/xml")
                        .body("<attempt/>")
                        .when()
                        .post("/v1/attempts")
                        .then(),
                415);
        assertNothingWritten();
    }

    @Test
    void theLimitsThemselvesAreAccepted() {
        ada.json(Learner.attemptWith("answer", "x".repeat(10_000)))
                .when()
                .post("/v1/attempts")
                .then()
                .statusCode(201)
                .body("answer.length()", equalTo(10_000));
        ada.json(Learner.attemptWith("duration_ms", 0))
                .when()
                .post("/v1/attempts")
                .then()
                .statusCode(201);
        ada.json(Learner.attemptWith("duration_ms", 86_400_000))
                .when()
                .post("/v1/attempts")
                .then()
                .statusCode(201);
        ada.json(Learner.attemptWith("answer", ""))
                .when()
                .post("/v1/attempts")
                .then()
                .statusCode(201);
        ada.json(Learner.attemptWith(
                        "started_at", Instant.now().minus(1, ChronoUnit.HOURS).toString()))
                .when()
                .post("/v1/attempts")
                .then()
                .statusCode(201);
        assertEquals(5, rows.attemptsOf(ada.id()));
    }

    @Test
    void answersThatLookLikeSqlAreStoredVerbatimNotExecuted() {
        long users = rows.users();
        for (String injection : INJECTIONS) {
            String id = ada.json(Learner.attemptWith("answer", injection))
                    .when()
                    .post("/v1/attempts")
                    .then()
                    .statusCode(201)
                    .body("answer", equalTo(injection))
                    .extract()
                    .path("id");
            ada.request()
                    .when()
                    .get("/v1/attempts/" + id)
                    .then()
                    .statusCode(200)
                    .body("answer", equalTo(injection));
        }
        assertEquals(
                INJECTIONS.size(), rows.attemptsOf(ada.id()), "the attempts table is still there, with every answer");
        assertEquals(users, rows.users());
        assertEquals(
                INJECTIONS.size(),
                rows.count(
                        "SELECT count(*) FROM attempts WHERE user_id = ?1 AND answer = ANY(?2)",
                        ada.id(),
                        INJECTIONS.toArray(new String[0])));
    }

    @Test
    void unicodeAnswersAreStoredVerbatim() {
        String answer =
                "Idempotency \u2014 \u00e9t\u00e9, \u65e5\u672c\u8a9e, \ud83d\ude80 and a right-to-left \u05e9\u05dc\u05d5\u05dd";
        String id = ada.json(Learner.attemptWith("answer", answer))
                .when()
                .post("/v1/attempts")
                .then()
                .statusCode(201)
                .body("answer", equalTo(answer))
                .extract()
                .path("id");
        ada.request().when().get("/v1/attempts/" + id).then().body("answer", equalTo(answer));
    }

    @Test
    void injectionsInEveryOtherBodyFieldAreRefusedByName() {
        for (String injection : INJECTIONS) {
            for (String field : List.of("question", "rating", "duration_ms", "started_at")) {
                problem(
                                ada.json(Learner.attemptWith(field, injection))
                                        .when()
                                        .post("/v1/attempts")
                                        .then(),
                                400)
                        .body("invalid_params.name", hasItem(field));
            }
        }
        assertNothingWritten();
    }

    @Test
    void injectionsInQueryParametersAreRefusedOrMatchNothing() {
        ada.record(8, "good");
        for (String injection : INJECTIONS) {
            for (String parameter : List.of("question", "category", "since", "until", "limit", "cursor")) {
                ValidatableResponse response = ada.request()
                        .queryParam(parameter, injection)
                        .when()
                        .get("/v1/attempts")
                        .then();
                int status = response.extract().statusCode();
                if (status == 200) {
                    response.body("data", hasSize(0));
                } else {
                    problem(response, 400).body("invalid_params[0].name", equalTo(parameter));
                }
            }
            problem(
                    ada.request()
                            .queryParam("limit", injection)
                            .when()
                            .get("/v1/questions/8/attempts")
                            .then(),
                    400);
        }
        ada.request().when().get("/v1/attempts").then().statusCode(200).body("data", hasSize(1));
        assertTrue(rows.attempts() > 0);
    }

    @Test
    void injectionsInPathSegmentsAreInvalidParameters() {
        for (String injection : List.of("1 OR 1=1", "'; DROP TABLE attempts; --", "1;DELETE FROM attempts")) {
            problem(
                            ada.request()
                                    .pathParam("id", injection)
                                    .when()
                                    .get("/v1/attempts/{id}")
                                    .then(),
                            400)
                    .body("invalid_params[0].name", equalTo("id"));
            problem(
                    ada.request()
                            .pathParam("id", injection)
                            .when()
                            .delete("/v1/attempts/{id}")
                            .then(),
                    400);
            problem(
                            ada.request()
                                    .pathParam("n", injection)
                                    .when()
                                    .get("/v1/questions/{n}/attempts")
                                    .then(),
                            400)
                    .body("invalid_params[0].name", equalTo("number"));
            problem(
                    ada.request()
                            .pathParam("id", injection)
                            .when()
                            .delete("/v1/users/me/keys/{id}")
                            .then(),
                    400);
        }
        ada.request().when().get("/v1/users/me").then().statusCode(200);
    }

    @Test
    void aNulCharacterInAQueryOrPathParameterIsRefusedNotAnInternalError() {
        for (String parameter : List.of("category", "question", "since", "until", "limit", "cursor")) {
            problem(
                            ada.request()
                                    .queryParam(parameter, "a\u0000b")
                                    .when()
                                    .get("/v1/attempts")
                                    .then(),
                            400)
                    .body("invalid_params[0].name", equalTo(parameter));
        }
        for (String parameter : List.of("category", "tag", "difficulty")) {
            problem(
                            ada.request()
                                    .queryParam(parameter, "a\u0000b")
                                    .when()
                                    .get("/v1/questions")
                                    .then(),
                            400)
                    .body("invalid_params[0].name", equalTo(parameter));
        }
        problem(
                        ada.request()
                                .pathParam("slug", "a\u0000b")
                                .when()
                                .get("/v1/categories/{slug}")
                                .then(),
                        400)
                .body("invalid_params[0].name", equalTo("slug"));
        problem(
                ada.request()
                        .pathParam("slug", "a\u0000b")
                        .when()
                        .get("/v1/categories/{slug}/questions")
                        .then(),
                400);
    }

    private static ValidatableResponse problem(ValidatableResponse response, int status) {
        return response.statusCode(status)
                .contentType("application/problem+json")
                .body("status", equalTo(status))
                .body(not(containsString("org.hibernate")))
                .body(not(containsString("SQL")))
                .body(not(containsString("PSQLException")));
    }

    private void assertNothingWritten() {
        assertEquals(0, rows.attemptsOf(ada.id()), "nothing was written");
        assertEquals(0, rows.idempotencyKeysOf(ada.id()));
    }
}

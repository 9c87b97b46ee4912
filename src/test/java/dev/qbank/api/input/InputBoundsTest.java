package dev.qbank.api.input;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.qbank.api.problem.Problem;
import dev.qbank.api.problem.ProblemType;
import dev.qbank.support.ApiTest;
import dev.qbank.support.Learner;
import io.quarkus.test.junit.QuarkusTest;
import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

/**
 * The bounds the contract gives inputs are the server's (the contract gate's fuzzing sends values one past each):
 * a filter, a slug or a conditional header longer than documented is a 400 naming it, not a quiet empty result.
 */
@QuarkusTest
class InputBoundsTest extends ApiTest {

    @Test
    void aFilterOrSlugLongerThanItsMaxLengthIsA400NamingIt() {
        String tooLong = "a".repeat(65);
        given().queryParam("category", tooLong)
                .when()
                .get("/v1/questions")
                .then()
                .statusCode(400)
                .contentType("application/problem+json")
                .body("type", equalTo("https://qbank.dev/problems/invalid-parameters"))
                .body("invalid_params.name", contains("category"))
                .body("invalid_params[0].reason", equalTo("must be at most 64 characters"));
        given().when()
                .get("/v1/categories/" + tooLong)
                .then()
                .statusCode(400)
                .body("invalid_params.name", contains("slug"));
        given().queryParam("tag", "t".repeat(64))
                .when()
                .get("/v1/questions")
                .then()
                .statusCode(200);
    }

    @Test
    void aConditionalHeaderLongerThanItsBoundIsA400() {
        given().header("If-None-Match", "\"" + "x".repeat(ParameterBounds.MAX_PRECONDITION_CHARS) + "\"")
                .when()
                .get("/v1/questions/1")
                .then()
                .statusCode(400)
                .body("invalid_params.name", contains("If-None-Match"));
    }

    @Test
    void aDeleteAnswers204WhateverTheClientAccepts() {
        Learner learner = Learner.signUp("Bounds");
        String id = learner.record(8, "good").toString();
        given().auth()
                .oauth2(learner.key())
                .accept("application/problem+json")
                .when()
                .delete("/v1/attempts/" + id)
                .then()
                .statusCode(204);
    }

    @Test
    void aProblemListsAtMostOneHundredInvalidParameters() {
        List<Problem.InvalidParam> many = IntStream.range(0, 150)
                .mapToObj(i -> new Problem.InvalidParam("p" + i, "bad"))
                .toList();
        Problem problem = Problem.of(ProblemType.INVALID_PARAMETERS, "Invalid.").withInvalidParams(many);
        @SuppressWarnings("unchecked")
        List<Problem.InvalidParam> kept =
                (List<Problem.InvalidParam>) problem.getExtensions().get("invalid_params");
        assertEquals(Problem.MAX_INVALID_PARAMS, kept.size());
        assertEquals("p0", kept.get(0).name());
    }
}

package dev.qbank.question;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.emptyOrNullString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.everyItem;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.matchesPattern;
import static org.hamcrest.Matchers.notNullValue;
import static org.hamcrest.Matchers.nullValue;

import dev.qbank.support.ApiTest;
import io.quarkus.test.junit.QuarkusTest;
import org.junit.jupiter.api.Test;

@QuarkusTest
class QuestionsApiTest extends ApiTest {

    @Test
    void firstPageHoldsTwentyQuestionsInNumberOrder() {
        given().when()
                .get("/v1/questions")
                .then()
                .statusCode(200)
                .contentType("application/json")
                .body("data", hasSize(20))
                .body("data[0].number", equalTo(1))
                .body("data[19].number", equalTo(20))
                .body("page.limit", equalTo(20))
                .body("page.has_more", equalTo(true))
                .body("page.next_cursor", notNullValue())
                .body("page.prev_cursor", nullValue())
                .body("_links.self.href", equalTo("/v1/questions"))
                .body("_links.next.href", containsString("cursor="));
    }

    @Test
    void aQuestionCarriesItsFieldsAndLinks() {
        given().when()
                .get("/v1/questions/8")
                .then()
                .statusCode(200)
                .body("number", equalTo(8))
                .body(
                        "text",
                        equalTo("How does cursor-based pagination differ from offset-based pagination? "
                                + "What are the failure modes of offset pagination on live data?"))
                .body("category", equalTo("rest-apis"))
                .body("tags", hasItem("pagination"))
                .body("difficulty", matchesPattern("junior|mid|senior"))
                .body("created_at", notNullValue())
                .body("updated_at", notNullValue())
                .body("_links.self.href", equalTo("/v1/questions/8"))
                .body("_links.category.href", equalTo("/v1/categories/rest-apis"));
    }

    @Test
    void typographicApostrophesSurviveEndToEnd() {
        given().when()
                .get("/v1/questions/1")
                .then()
                .statusCode(200)
                .body(
                        "text",
                        equalTo(
                                "What\u2019s the difference between REST and GraphQL? When would you choose one over the other?"));
    }

    @Test
    void questionThirtyThreeCarriesTheAuthorsNotes() {
        given().when()
                .get("/v1/questions/33")
                .then()
                .statusCode(200)
                .body("category", equalTo("security"))
                .body(
                        "notes",
                        matchesPattern(
                                "(?s)^On question 33: environment variables are better than hardcoded secrets.*interview rather than pretend there\u2019s a clean answer\\.$"));
    }

    @Test
    void filtersCombineByCategoryTagAndDifficulty() {
        given().queryParam("category", "caching")
                .queryParam("limit", 100)
                .when()
                .get("/v1/questions")
                .then()
                .statusCode(200)
                .body("data.number", contains(21, 22, 23, 24, 25, 26, 27))
                .body("data.category", everyItem(equalTo("caching")));
        given().queryParam("tag", "caching")
                .queryParam("limit", 100)
                .when()
                .get("/v1/questions")
                .then()
                .statusCode(200)
                .body("data.tags", everyItem(hasItem("caching")));
        given().queryParam("difficulty", "senior")
                .queryParam("category", "microservices")
                .queryParam("limit", 100)
                .when()
                .get("/v1/questions")
                .then()
                .statusCode(200)
                .body("data.difficulty", everyItem(equalTo("senior")))
                .body("data.category", everyItem(equalTo("microservices")));
    }

    @Test
    void unknownQuestionIsANotFoundProblem() {
        given().when()
                .get("/v1/questions/999")
                .then()
                .statusCode(404)
                .contentType("application/problem+json")
                .body("type", equalTo("https://qbank.dev/problems/not-found"))
                .body("status", equalTo(404))
                .body("detail", equalTo("No question number 999."))
                .body("instance", equalTo("/v1/questions/999"));
    }

    @Test
    void nonNumericQuestionNumberIsABadRequestNamingTheParameter() {
        given().when()
                .get("/v1/questions/eight")
                .then()
                .statusCode(400)
                .contentType("application/problem+json")
                .body("type", equalTo("https://qbank.dev/problems/invalid-parameters"))
                .body("invalid_params[0].name", equalTo("number"));
    }

    @Test
    void badFiltersAreBadRequestsNamingTheParameter() {
        given().queryParam("difficulty", "impossible")
                .when()
                .get("/v1/questions")
                .then()
                .statusCode(400)
                .contentType("application/problem+json")
                .body("invalid_params[0].name", equalTo("difficulty"));
        given().queryParam("category", "cooking")
                .when()
                .get("/v1/questions")
                .then()
                .statusCode(400)
                .contentType("application/problem+json")
                .body("invalid_params[0].name", equalTo("category"))
                .body("detail", containsString("cooking"));
        given().queryParam("tag", "x".repeat(65))
                .when()
                .get("/v1/questions")
                .then()
                .statusCode(400)
                .contentType("application/problem+json")
                .body("invalid_params[0].name", equalTo("tag"));
    }

    @Test
    void sqlInjectionInParametersIsHarmless() {
        given().queryParam("tag", "caching' OR '1'='1")
                .when()
                .get("/v1/questions")
                .then()
                .statusCode(200)
                .body("data", hasSize(0));
        given().when()
                .get("/v1/questions/1;DROP TABLE questions")
                .then()
                .statusCode(400)
                .contentType("application/problem+json");
        given().when().get("/v1/questions/1").then().statusCode(200);
    }

    @Test
    void headAnswersLikeGetWithoutABody() {
        String etag = given().when()
                .get("/v1/questions/3")
                .then()
                .statusCode(200)
                .extract()
                .header("ETag");
        given().when()
                .head("/v1/questions/3")
                .then()
                .statusCode(200)
                .header("ETag", equalTo(etag))
                .header("Cache-Control", equalTo("public, max-age=60"))
                .body(emptyOrNullString());
    }
}

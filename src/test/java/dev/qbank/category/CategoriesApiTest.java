package dev.qbank.category;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.everyItem;
import static org.hamcrest.Matchers.notNullValue;

import dev.qbank.support.ApiTest;
import io.quarkus.test.junit.QuarkusTest;
import org.junit.jupiter.api.Test;

@QuarkusTest
class CategoriesApiTest extends ApiTest {

    @Test
    void theFiveCategoriesComeInDocumentOrderWithTheirQuestionCounts() {
        given().when()
                .get("/v1/categories")
                .then()
                .statusCode(200)
                .body("data.slug", contains("rest-apis", "databases", "caching", "security", "microservices"))
                .body("data.question_count", contains(10, 10, 7, 6, 7))
                .body("data.name", everyItem(notNullValue()))
                .body("data.description", everyItem(notNullValue()))
                .body("page.has_more", equalTo(false));
    }

    @Test
    void aCategoryLinksToItsQuestions() {
        given().when()
                .get("/v1/categories/databases")
                .then()
                .statusCode(200)
                .body("slug", equalTo("databases"))
                .body("name", equalTo("Database design and optimization"))
                .body("question_count", equalTo(10))
                .body("_links.self.href", equalTo("/v1/categories/databases"))
                .body("_links.questions.href", equalTo("/v1/categories/databases/questions"));
    }

    @Test
    void aCategorysQuestionsAreItsOwnInNumberOrder() {
        given().when()
                .get("/v1/categories/security/questions")
                .then()
                .statusCode(200)
                .body("data.number", contains(28, 29, 30, 31, 32, 33))
                .body("data.category", everyItem(equalTo("security")));
    }

    @Test
    void unknownCategoryIsANotFoundProblem() {
        given().when()
                .get("/v1/categories/cooking")
                .then()
                .statusCode(404)
                .contentType("application/problem+json")
                .body("type", equalTo("https://qbank.dev/problems/not-found"));
        given().when()
                .get("/v1/categories/cooking/questions")
                .then()
                .statusCode(404)
                .contentType("application/problem+json");
    }
}

package dev.qbank.question;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.everyItem;
import static org.hamcrest.Matchers.hasSize;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.qbank.support.ApiTest;
import io.quarkus.test.junit.QuarkusTest;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** GET /v1/questions/random: a draw for flash cards, never cached. */
@QuarkusTest
class RandomQuestionsTest extends ApiTest {

    @Test
    void oneQuestionIsDrawnByDefaultAndNoCacheMayStoreIt() {
        given().when()
                .get("/v1/questions/random")
                .then()
                .statusCode(200)
                .header("Cache-Control", equalTo("no-store"))
                .body("data", hasSize(1))
                .body("_links.self.href", equalTo("/v1/questions/random"));
    }

    @Test
    void aDrawHoldsDistinctQuestionsMatchingTheFilters() {
        List<Integer> numbers = given().queryParam("count", 40)
                .queryParam("category", "caching")
                .when()
                .get("/v1/questions/random")
                .then()
                .statusCode(200)
                .body("data.category", everyItem(equalTo("caching")))
                .extract()
                .jsonPath()
                .getList("data.number", Integer.class);
        assertEquals(Set.of(21, 22, 23, 24, 25, 26, 27), new HashSet<>(numbers), "all seven, each once");
        given().queryParam("count", 5)
                .queryParam("difficulty", "senior")
                .when()
                .get("/v1/questions/random")
                .then()
                .statusCode(200)
                .body("data", hasSize(5))
                .body("data.difficulty", everyItem(equalTo("senior")));
    }

    @Test
    void drawsDiffer() {
        Set<List<Integer>> draws = new HashSet<>();
        for (int i = 0; i < 5; i++) {
            draws.add(given().queryParam("count", 10)
                    .when()
                    .get("/v1/questions/random")
                    .then()
                    .statusCode(200)
                    .extract()
                    .jsonPath()
                    .getList("data.number", Integer.class));
        }
        assertTrue(draws.size() > 1, "five draws of 10 from 40 are not all the same");
    }

    @Test
    void aCountOutsideOneToFortyIsABadRequest() {
        for (String count : List.of("0", "41", "-1", "many")) {
            given().queryParam("count", count)
                    .when()
                    .get("/v1/questions/random")
                    .then()
                    .statusCode(400)
                    .contentType("application/problem+json")
                    .body("invalid_params[0].name", equalTo("count"));
        }
        given().queryParam("category", "cooking")
                .when()
                .get("/v1/questions/random")
                .then()
                .statusCode(400)
                .body("invalid_params[0].name", equalTo("category"));
    }
}

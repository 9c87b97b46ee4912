package dev.qbank.question;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.everyItem;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.notNullValue;
import static org.hamcrest.Matchers.nullValue;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.qbank.support.ApiTest;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Full-text search: GET /v1/questions?q=... on PostgreSQL's tsvector, ranked and cursor-paginated. */
@QuarkusTest
class SearchTest extends ApiTest {

    private static JsonPath search(String q, Object... params) {
        var request = given().queryParam("q", q);
        for (int i = 0; i < params.length; i += 2) {
            request = request.queryParam((String) params[i], params[i + 1]);
        }
        return request.when()
                .get("/v1/questions")
                .then()
                .statusCode(200)
                .extract()
                .jsonPath();
    }

    @Test
    void cacheFindsTheSevenCachingQuestionsFirst() {
        JsonPath hits = search("cache", "limit", 100);
        List<Integer> numbers = hits.getList("data.number", Integer.class);
        assertTrue(numbers.size() >= 7, "at least the caching category matches: " + numbers);
        assertEquals(Set.of(21, 22, 23, 24, 25, 26, 27), new TreeSet<>(numbers.subList(0, 7)));
    }

    @Test
    void hitsComeBestRankFirstAndByNumberWithinARank() {
        List<Float> ranks = search("cache", "limit", 100).getList("data.rank", Float.class);
        List<Integer> numbers = search("cache", "limit", 100).getList("data.number", Integer.class);
        for (int i = 1; i < ranks.size(); i++) {
            assertTrue(
                    ranks.get(i - 1) > ranks.get(i)
                            || (ranks.get(i - 1).equals(ranks.get(i)) && numbers.get(i - 1) < numbers.get(i)),
                    "order by rank desc, number asc: " + ranks + " " + numbers);
        }
    }

    @Test
    void aMatchInTheTextOutranksAMatchInTheTagsAndTheHighlightSaysWhere() {
        // Redis is in the text of question 24 and only in the tags of question 4.
        given().queryParam("q", "redis")
                .when()
                .get("/v1/questions")
                .then()
                .statusCode(200)
                .body("data.number", contains(24, 4))
                .body("data[0].highlight.field", equalTo("text"))
                .body("data[0].highlight.fragment", containsString("«Redis»"))
                .body("data[1].highlight.field", equalTo("tags"))
                .body("data[1].highlight.fragment", containsString("«redis»"));
    }

    @Test
    void aMatchOnlyInTheNotesIsHighlightedInTheNotes() {
        given().queryParam("q", "hardcoded")
                .when()
                .get("/v1/questions")
                .then()
                .statusCode(200)
                .body("data.number", contains(33))
                .body("data[0].highlight.field", equalTo("notes"))
                .body("data[0].highlight.fragment", containsString("«hardcoded»"));
    }

    @Test
    void aHitIsTheQuestionWithItsRankAndHighlight() {
        given().queryParam("q", "stampede")
                .when()
                .get("/v1/questions")
                .then()
                .statusCode(200)
                .header("Cache-Control", equalTo("public, max-age=60"))
                .header("ETag", notNullValue())
                .body("data", hasSize(1))
                .body("data[0].number", equalTo(23))
                .body("data[0].category", equalTo("caching"))
                .body("data[0]._links.self.href", equalTo("/v1/questions/23"))
                .body("data[0].rank", notNullValue())
                .body(
                        "data[0].highlight.fragment",
                        equalTo(
                                "What is a cache «stampede»? How would you prevent one in a high-traffic application?"));
    }

    @Test
    void searchCombinesWithTheFilters() {
        given().queryParam("q", "cache")
                .queryParam("difficulty", "senior")
                .when()
                .get("/v1/questions")
                .then()
                .statusCode(200)
                .body("data.number", contains(23));
        given().queryParam("q", "sql")
                .queryParam("category", "security")
                .when()
                .get("/v1/questions")
                .then()
                .statusCode(200)
                .body("data.number", contains(31));
        given().queryParam("q", "cache")
                .queryParam("tag", "cdn")
                .when()
                .get("/v1/questions")
                .then()
                .statusCode(200)
                .body("data.number", contains(26));
        given().queryParam("q", "cache")
                .queryParam("category", "cooking")
                .when()
                .get("/v1/questions")
                .then()
                .statusCode(400)
                .body("invalid_params[0].name", equalTo("category"));
    }

    @Test
    void walkingTheHitsTwoAtATimeGivesEachHitOnceInRankOrder() {
        List<Integer> all = search("sql", "limit", 100).getList("data.number", Integer.class);
        List<Integer> walked = new ArrayList<>();
        String cursor = null;
        int pages = 0;
        do {
            JsonPath page = cursor == null ? search("sql", "limit", 2) : search("sql", "limit", 2, "cursor", cursor);
            walked.addAll(page.getList("data.number", Integer.class));
            cursor = page.getString("page.next_cursor");
            pages++;
        } while (cursor != null && pages < 20);
        assertEquals(all, walked);
        assertTrue(pages >= 3, "the walk took several pages");
    }

    @Test
    void thePrevCursorOfASearchPageLeadsBack() {
        JsonPath first = search("sql", "limit", 2);
        JsonPath second = search("sql", "limit", 2, "cursor", first.getString("page.next_cursor"));
        given().queryParam("q", "sql")
                .queryParam("limit", 2)
                .queryParam("cursor", second.getString("page.prev_cursor"))
                .when()
                .get("/v1/questions")
                .then()
                .statusCode(200)
                .body("data.number", equalTo(first.getList("data.number")))
                .body("page.prev_cursor", nullValue());
    }

    @Test
    void aSearchCursorIsBoundToItsQueryAndFilters() {
        String cursor = search("sql", "limit", 2).getString("page.next_cursor");
        given().queryParam("q", "cache")
                .queryParam("limit", 2)
                .queryParam("cursor", cursor)
                .when()
                .get("/v1/questions")
                .then()
                .statusCode(400)
                .body("type", equalTo("https://qbank.dev/problems/invalid-cursor"));
        given().queryParam("q", "sql")
                .queryParam("difficulty", "mid")
                .queryParam("limit", 2)
                .queryParam("cursor", cursor)
                .when()
                .get("/v1/questions")
                .then()
                .statusCode(400)
                .body("type", equalTo("https://qbank.dev/problems/invalid-cursor"));
        given().queryParam("limit", 2)
                .queryParam("cursor", cursor)
                .when()
                .get("/v1/questions")
                .then()
                .statusCode(400)
                .body("type", equalTo("https://qbank.dev/problems/invalid-cursor"));
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                "\"unbalanced",
                "-",
                "OR OR",
                "'; DROP TABLE questions; --",
                "\" OR 1=1 --",
                "🔥",
                "cache 🔥",
                "a:b & | ! () <-> *",
                "\\",
                "%",
                "the",
                "cache\u0001invalidation",
                "ünïcödé ß"
            })
    void anyInputIsSearchedAsWordsAndNeverFails(String q) {
        given().queryParam("q", q)
                .when()
                .get("/v1/questions")
                .then()
                .statusCode(200)
                .body("page.limit", equalTo(20))
                .body("data.number", everyItem(notNullValue()));
        given().when().get("/v1/questions/1").then().statusCode(200);
    }

    @Test
    void quotesOperatorsAndNegationWork() {
        List<Integer> phrase = search("\"cache stampede\"").getList("data.number", Integer.class);
        assertEquals(List.of(23), phrase);
        List<Integer> either = search("stampede or bloom").getList("data.number", Integer.class);
        assertEquals(Set.of(23, 27), new TreeSet<>(either));
        List<Integer> without = search("cache -redis", "limit", 100).getList("data.number", Integer.class);
        assertTrue(!without.contains(24) && without.contains(21), without.toString());
    }

    @Test
    void aQueryOfMoreThanTwoHundredCharactersIsABadRequest() {
        given().queryParam("q", "x".repeat(200))
                .when()
                .get("/v1/questions")
                .then()
                .statusCode(200);
        given().queryParam("q", "🔥".repeat(200))
                .when()
                .get("/v1/questions")
                .then()
                .statusCode(200);
        given().queryParam("q", "x".repeat(201))
                .when()
                .get("/v1/questions")
                .then()
                .statusCode(400)
                .contentType("application/problem+json")
                .body("type", equalTo("https://qbank.dev/problems/invalid-parameters"))
                .body("invalid_params[0].name", equalTo("q"));
    }

    @Test
    void aBlankQueryIsABadRequest() {
        given().queryParam("q", "   ")
                .when()
                .get("/v1/questions")
                .then()
                .statusCode(400)
                .body("invalid_params[0].name", equalTo("q"));
    }
}

package dev.qbank.api.paging;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.matchesPattern;
import static org.hamcrest.Matchers.nullValue;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.qbank.support.ApiTest;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import io.restassured.response.Response;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

/** Keyset pagination with opaque, signed cursors (question 8 of the bank, live). */
@QuarkusTest
class CursorPaginationTest extends ApiTest {

    private static final Pattern NEXT = Pattern.compile("<([^>]+)>; rel=\"next\"");

    @Inject
    EntityManager em;

    @Test
    void walkingWithLimitSevenReturnsEveryQuestionExactlyOnceInOrder() {
        List<Integer> seen = walk("/v1/questions?limit=7", null);
        assertEquals(IntStream.rangeClosed(1, 40).boxed().toList(), seen);
    }

    @Test
    void aWalkStaysCorrectWhileQuestionsAreInsertedDuringIt() {
        List<Integer> inserted = new ArrayList<>();
        try {
            List<Integer> seen = walk("/v1/questions?limit=7", pageIndex -> {
                // After each page a new question is added, as an admin adding questions mid-walk would.
                int number = 1000 + pageIndex;
                insertQuestion(number);
                inserted.add(number);
            });
            List<Integer> expected =
                    new ArrayList<>(IntStream.rangeClosed(1, 40).boxed().toList());
            // The last insert happened after the last page was read.
            expected.addAll(inserted.subList(0, inserted.size() - 1));
            // Every question, old and new, exactly once and in order: no skips or repeats as OFFSET would give.
            assertEquals(expected, seen);
        } finally {
            QuarkusTransaction.requiringNew()
                    .run(() -> inserted.forEach(n -> em.createNativeQuery("DELETE FROM questions WHERE number = ?1")
                            .setParameter(1, n)
                            .executeUpdate()));
        }
    }

    @Test
    void theLinkHeaderCarriesAbsoluteNextAndFirstLinks() {
        given().when()
                .get("/v1/questions?limit=10&difficulty=mid")
                .then()
                .statusCode(200)
                .header(
                        "Link",
                        matchesPattern(
                                "^<http://[^>]+/v1/questions\\?limit=10&difficulty=mid&cursor=[A-Za-z0-9_-]+>; rel=\"next\", "
                                        + "<http://[^>]+/v1/questions\\?limit=10&difficulty=mid>; rel=\"first\"$"));
    }

    @Test
    void thePrevCursorLeadsBackToThePreviousPage() {
        JsonPath first = given().when()
                .get("/v1/questions?limit=5")
                .then()
                .statusCode(200)
                .extract()
                .jsonPath();
        JsonPath second = given().queryParam("limit", 5)
                .queryParam("cursor", first.getString("page.next_cursor"))
                .when()
                .get("/v1/questions")
                .then()
                .statusCode(200)
                .body("data.number", equalTo(List.of(6, 7, 8, 9, 10)))
                .header("Link", containsString("rel=\"prev\""))
                .extract()
                .jsonPath();
        given().queryParam("limit", 5)
                .queryParam("cursor", second.getString("page.prev_cursor"))
                .when()
                .get("/v1/questions")
                .then()
                .statusCode(200)
                .body("data.number", equalTo(List.of(1, 2, 3, 4, 5)))
                .body("page.has_more", equalTo(true))
                .body("page.prev_cursor", nullValue());
    }

    @Test
    void theLastPageSaysThereIsNoMore() {
        String cursor =
                given().when().get("/v1/questions?limit=35").then().extract().path("page.next_cursor");
        given().queryParam("limit", 35)
                .queryParam("cursor", cursor)
                .when()
                .get("/v1/questions")
                .then()
                .statusCode(200)
                .body("data", hasSize(5))
                .body("page.has_more", equalTo(false))
                .body("page.next_cursor", nullValue())
                .header("Link", containsString("rel=\"prev\""))
                .header("Link", org.hamcrest.Matchers.not(containsString("rel=\"next\"")));
    }

    @Test
    void tamperedCursorIsRejectedWithProblem() {
        String cursor =
                given().when().get("/v1/questions?limit=5").then().extract().path("page.next_cursor");
        byte[] raw = Base64.getUrlDecoder().decode(cursor);
        String json = new String(raw, 16, raw.length - 16);
        String forged = json.replace("[5]", "[30]");
        assertFalse(json.equals(forged), "the cursor's payload holds the key");
        byte[] token = new byte[16 + forged.length()];
        System.arraycopy(raw, 0, token, 0, 16);
        System.arraycopy(forged.getBytes(), 0, token, 16, forged.length());
        String tampered = Base64.getUrlEncoder().withoutPadding().encodeToString(token);

        given().queryParam("cursor", tampered)
                .when()
                .get("/v1/questions")
                .then()
                .statusCode(400)
                .contentType("application/problem+json")
                .body("type", equalTo("https://qbank.dev/problems/invalid-cursor"))
                .body("invalid_params[0].name", equalTo("cursor"))
                .body("detail", containsString("signature"));
    }

    @Test
    void cursorFromAnotherQueryIsRejectedWithProblem() {
        String cursor = given().when()
                .get("/v1/questions?limit=5&difficulty=mid")
                .then()
                .extract()
                .path("page.next_cursor");
        given().queryParam("cursor", cursor)
                .queryParam("difficulty", "senior")
                .when()
                .get("/v1/questions")
                .then()
                .statusCode(400)
                .body("type", equalTo("https://qbank.dev/problems/invalid-cursor"))
                .body("detail", containsString("different"));
        String categoriesCursor =
                given().when().get("/v1/categories?limit=2").then().extract().path("page.next_cursor");
        given().queryParam("cursor", categoriesCursor)
                .when()
                .get("/v1/questions")
                .then()
                .statusCode(400)
                .body("type", equalTo("https://qbank.dev/problems/invalid-cursor"));
    }

    @Test
    void malformedCursorsAreRejectedWithProblem() {
        for (String bad : List.of(
                "not a cursor!", "abc", "x".repeat(2000), Base64.getUrlEncoder().encodeToString(new byte[40]))) {
            given().queryParam("cursor", bad)
                    .when()
                    .get("/v1/questions")
                    .then()
                    .statusCode(400)
                    .contentType("application/problem+json")
                    .body("type", equalTo("https://qbank.dev/problems/invalid-cursor"));
        }
    }

    @Test
    void limitOutsideOneToHundredIsABadRequest() {
        for (String limit : List.of("0", "101", "-1", "abc", "1.5")) {
            given().queryParam("limit", limit)
                    .when()
                    .get("/v1/questions")
                    .then()
                    .statusCode(400)
                    .contentType("application/problem+json")
                    .body("type", equalTo("https://qbank.dev/problems/invalid-parameters"))
                    .body("invalid_params[0].name", equalTo("limit"));
        }
        given().queryParam("limit", 100)
                .when()
                .get("/v1/questions")
                .then()
                .statusCode(200)
                .body("data", hasSize(40));
    }

    @Test
    void categoriesArePaginatedTheSameWay() {
        JsonPath first = given().when()
                .get("/v1/categories?limit=2")
                .then()
                .statusCode(200)
                .body("data.slug", equalTo(List.of("rest-apis", "databases")))
                .extract()
                .jsonPath();
        given().queryParam("limit", 2)
                .queryParam("cursor", first.getString("page.next_cursor"))
                .when()
                .get("/v1/categories")
                .then()
                .statusCode(200)
                .body("data.slug", equalTo(List.of("caching", "security")));
    }

    /** Follows rel="next" Link headers from {@code start}, collecting question numbers. */
    private List<Integer> walk(String start, java.util.function.IntConsumer afterPage) {
        List<Integer> seen = new ArrayList<>();
        String url = start;
        int page = 0;
        while (url != null) {
            Response response = given().urlEncodingEnabled(false).when().get(url);
            response.then().statusCode(200);
            seen.addAll(response.jsonPath().getList("data.number", Integer.class));
            if (afterPage != null) {
                afterPage.accept(page);
            }
            page++;
            String link = response.header("Link");
            Matcher next = link == null ? null : NEXT.matcher(link);
            url = next != null && next.find() ? next.group(1) : null;
            assertTrue(page < 50, "the walk ends");
        }
        return seen;
    }

    private void insertQuestion(int number) {
        QuarkusTransaction.requiringNew().run(() -> em.createNativeQuery(
                        "INSERT INTO questions (number, category_id, text, difficulty) "
                                + "SELECT ?1, id, 'Inserted during a walk #' || ?1, 'mid' FROM categories WHERE slug = 'databases'")
                .setParameter(1, number)
                .executeUpdate());
    }
}

package dev.qbank.question;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.everyItem;
import static org.hamcrest.Matchers.hasKey;
import static org.hamcrest.Matchers.matchesPattern;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.notNullValue;
import static org.hamcrest.Matchers.nullValue;
import static org.hamcrest.Matchers.startsWith;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.qbank.support.ApiTest;
import dev.qbank.support.Markdown;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Questions 1-10 point at the part of this API that demonstrates them. */
@QuarkusTest
class LiveExamplesTest extends ApiTest {

    @ParameterizedTest
    @CsvSource({
        "1, /graphql, docs/graphql.md#rest-or-graphql-question-1",
        "2, /v1/questions?limit=500, docs/api.md#errors",
        "3, /v1/attempts, docs/api.md#learners-sign-up-record-an-attempt-retry-it-safely",
        "4, /v1/questions/4, docs/rate-limiting.md#the-design-our-answer-to-question-4",
        "5, /v1/webhooks, docs/writes.md#webhooks",
        "6, /v1, docs/api.md#versioning-policy-question-6",
        "7, /v1, docs/api.md#the-root-and-its-links-question-7",
        "8, /v1/questions?limit=3, docs/api.md#pages-and-cursors-question-8",
        "9, /v1/questions/9, docs/api.md#headers-we-send-and-why-question-9",
        "10, /v1/questions/10, docs/api.md#tracing-a-request-question-10"
    })
    void eachOfTheFirstTenQuestionsPointsAtItsLiveExample(int number, String endpoint, String docs) {
        JsonPath example = given().when()
                .get("/v1/questions/" + number)
                .then()
                .statusCode(200)
                .body("live_example.summary", notNullValue())
                .body("live_example.try", startsWith(number == 3 ? "for i in 1 2; do curl" : "curl"))
                .body("live_example.try", containsString("\"$QBANK/")) // the guide's base URL, no host of its own
                .body("live_example.try", not(containsString("localhost")))
                .body("live_example._links.docs.href", equalTo(docs))
                .extract()
                .jsonPath();
        Map<String, Map<String, String>> links = example.getMap("live_example._links");
        assertTrue(
                links.values().stream().anyMatch(l -> l.get("href").equals(endpoint)),
                "links " + links + " name " + endpoint);
        String summary = example.getString("live_example.summary");
        assertEquals(2, summary.split("(?<=[.!?])\\s+").length, "two sentences: " + summary);
    }

    @Test
    void questionsElevenToFortyHaveNoLiveExample() {
        given().queryParam("limit", 100)
                .when()
                .get("/v1/questions")
                .then()
                .statusCode(200)
                .body("data.findAll { it.number > 10 }.live_example", everyItem(nullValue()))
                .body("data.findAll { it.number <= 10 }.live_example", everyItem(hasKey("try")));
    }

    @Test
    void theLiveExampleOfQuestionEightWalksTheCursorItDescribes() {
        String next = given().when()
                .get("/v1/questions?limit=3")
                .then()
                .statusCode(200)
                .header("Link", containsString("rel=\"next\""))
                .extract()
                .jsonPath()
                .getString("page.next_cursor");
        given().queryParam("limit", 3)
                .queryParam("cursor", next)
                .when()
                .get("/v1/questions")
                .then()
                .statusCode(200)
                .body("data.number", equalTo(List.of(4, 5, 6)));
        given().when().get("/v1/questions/8").then().body("live_example.summary", containsString("keyset"));
    }

    @Test
    void theDocumentationLinkedFromTheRepositoryExists() throws Exception {
        for (int number = 1; number <= 10; number++) {
            String href = given().when()
                    .get("/v1/questions/" + number)
                    .then()
                    .extract()
                    .jsonPath()
                    .getString("live_example._links.docs.href");
            String file = href.contains("#") ? href.substring(0, href.indexOf('#')) : href;
            assertTrue(Files.exists(Path.of(file)), href + " names a file of the repository");
            if (href.contains("#")) {
                String anchor = href.substring(href.indexOf('#') + 1);
                assertTrue(
                        Markdown.anchors(Files.readString(Path.of(file))).contains(anchor),
                        href + " names a section of " + file);
            }
        }
    }

    @Test
    void aLiveExampleIsPartOfTheQuestionsRepresentationAndItsETag() {
        given().when()
                .get("/v1/questions/1")
                .then()
                .statusCode(200)
                .body("live_example._links.graphql.href", equalTo("/graphql"))
                .header("ETag", matchesPattern("\"[A-Za-z0-9_-]+\""));
    }
}

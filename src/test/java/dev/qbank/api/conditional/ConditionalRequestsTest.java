package dev.qbank.api.conditional;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.emptyOrNullString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.matchesPattern;
import static org.hamcrest.Matchers.not;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.qbank.support.ApiTest;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** RFC 9110 section 13: strong ETags on every GET, and If-None-Match answered with 304. */
@QuarkusTest
class ConditionalRequestsTest extends ApiTest {

    @ParameterizedTest
    @ValueSource(
            strings = {
                "/v1",
                "/v1/questions/8",
                "/v1/questions?limit=5",
                "/v1/categories",
                "/v1/categories/caching",
                "/v1/categories/caching/questions"
            })
    void repeatRequestWithTheETagIsNotModified(String path) {
        Response first = given().when().get(path);
        first.then()
                .statusCode(200)
                .header("ETag", matchesPattern("^\"[A-Za-z0-9_-]+\"$"))
                .header("Cache-Control", equalTo("public, max-age=60"))
                .header("Vary", equalTo("Accept, Accept-Encoding"));
        String etag = first.header("ETag");

        given().header("If-None-Match", etag)
                .when()
                .get(path)
                .then()
                .statusCode(304)
                .header("ETag", equalTo(etag))
                .header("Cache-Control", equalTo("public, max-age=60"))
                .header("Vary", equalTo("Accept, Accept-Encoding"))
                .body(emptyOrNullString());
    }

    @Test
    void ifNoneMatchUsesWeakComparisonListsAndStar() {
        String etag = given().when().get("/v1/questions/4").then().extract().header("ETag");
        given().header("If-None-Match", "W/" + etag)
                .when()
                .get("/v1/questions/4")
                .then()
                .statusCode(304);
        given().header("If-None-Match", "\"other\", " + etag)
                .when()
                .get("/v1/questions/4")
                .then()
                .statusCode(304);
        given().header("If-None-Match", "*")
                .when()
                .get("/v1/questions/4")
                .then()
                .statusCode(304);
        given().header("If-None-Match", "\"other\"")
                .when()
                .get("/v1/questions/4")
                .then()
                .statusCode(200);
        given().header("If-None-Match", etag)
                .when()
                .head("/v1/questions/4")
                .then()
                .statusCode(304);
    }

    @Test
    void theETagIsStableAndDiffersBetweenRepresentations() {
        String one = given().when().get("/v1/questions/1").then().extract().header("ETag");
        assertEquals(one, given().when().get("/v1/questions/1").then().extract().header("ETag"));
        given().when().get("/v1/questions/2").then().header("ETag", not(equalTo(one)));
        String page =
                given().when().get("/v1/questions?limit=5").then().extract().header("ETag");
        given().when().get("/v1/questions?limit=6").then().header("ETag", not(equalTo(page)));
    }
}

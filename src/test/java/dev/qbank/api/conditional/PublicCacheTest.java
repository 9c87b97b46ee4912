package dev.qbank.api.conditional;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.matchesPattern;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.notNullValue;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.qbank.support.ApiTest;
import dev.qbank.support.Keys;
import io.agroal.api.AgroalDataSource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import jakarta.inject.Inject;
import java.sql.Connection;
import java.sql.Statement;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The server keeps its own copy of public representations (api.conditional.PublicCache): a write through the API is read back at
 * once, a change behind the API's back shows within the TTL, and the ETag and 304 are those of what is served.
 */
@QuarkusTest
@TestProfile(PublicCacheTest.Cached.class)
class PublicCacheTest extends ApiTest {

    public static class Cached implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("%test.qbank.cache.public-ttl", "5s");
        }
    }

    @Inject
    AgroalDataSource dataSource;

    @Test
    void aWriteThroughTheApiIsReadBackAtOnce() {
        String before = given().when()
                .get("/v1/categories/security")
                .then()
                .statusCode(200)
                .extract()
                .header("ETag");
        given().when().get("/v1/categories/security").then().statusCode(200).header("ETag", equalTo(before)); // cached
        String original =
                given().when().get("/v1/categories/security").then().extract().path("description");
        Keys.asAdmin()
                .contentType("application/merge-patch+json")
                .header("If-Match", before)
                .body("{\"description\":\"Authentication, authorization and keeping secrets.\"}")
                .when()
                .patch("/v1/categories/security")
                .then()
                .statusCode(200);
        given().when()
                .get("/v1/categories/security")
                .then()
                .statusCode(200)
                .header("ETag", not(equalTo(before)))
                .body("description", equalTo("Authentication, authorization and keeping secrets."));
        given().when()
                .get("/v1/categories?limit=5")
                .then()
                .statusCode(200)
                .body(
                        "data.find { it.slug == 'security' }.description",
                        equalTo("Authentication, authorization and keeping secrets."));
        String current =
                given().when().get("/v1/categories/security").then().extract().header("ETag");
        Keys.asAdmin()
                .contentType("application/merge-patch+json")
                .header("If-Match", current)
                .body(Map.of("description", original))
                .when()
                .patch("/v1/categories/security")
                .then()
                .statusCode(200);
    }

    @Test
    void aChangeBehindTheApisBackShowsWithinTheTtl() throws Exception {
        String path = "/v1/questions/39";
        // Warm up first (the first request of a run pays for class loading and the contract validator): the steps
        // below must happen within one TTL of each other.
        given().when().get("/v1/questions/38").then().statusCode(200);
        String etag = given().when().get(path).then().statusCode(200).extract().header("ETag");
        given().header("If-None-Match", etag).when().get(path).then().statusCode(304);
        String original = given().when().get(path).then().extract().path("notes");
        sql("UPDATE questions SET notes = 'Changed in SQL, not through the API.' WHERE number = 39");
        given().when().get(path).then().statusCode(200).header("ETag", equalTo(etag)); // still this instance's copy
        Thread.sleep(5_500);
        given().when()
                .get(path)
                .then()
                .statusCode(200)
                .header("ETag", not(equalTo(etag)))
                .body("notes", equalTo("Changed in SQL, not through the API."));
        given().header("If-None-Match", etag).when().get(path).then().statusCode(200);
        sql("UPDATE questions SET notes = " + (original == null ? "NULL" : "'" + original.replace("'", "''") + "'")
                + " WHERE number = 39");
    }

    @Test
    void aHitIsAnsweredAsTheMethodAnswersIt() {
        String path = "/v1/questions?limit=3&difficulty=senior";
        io.restassured.response.Response miss = given().when().get(path);
        miss.then().statusCode(200).header("Link", containsString("rel=\"next\""));
        // PublicCacheHits answers this one on the event loop, without the method.
        io.restassured.response.Response hit =
                given().header("Origin", "https://app.example").when().get(path);
        hit.then()
                .statusCode(200)
                .contentType("application/json")
                .header("Access-Control-Allow-Origin", "*")
                .header("X-Request-Id", matchesPattern("^[0-9a-f]{24}$"))
                .header("traceresponse", matchesPattern("^00-[0-9a-f]{32}-[0-9a-f]{16}-01$"))
                .header("RateLimit", notNullValue());
        for (String header : List.of("ETag", "Link", "Cache-Control", "Vary", "RateLimit-Policy")) {
            assertEquals(miss.header(header), hit.header(header), header);
        }
        assertEquals(miss.asString(), hit.asString());
        given().when().head(path).then().statusCode(200).header("ETag", miss.header("ETag"));
        // RestAssured asks for gzip: the hit is coded as the miss was.
        assertEquals("gzip", hit.header("Content-Encoding"));
        // A 304 gives its token back (RateLimitFilters runs after the hit): two in a row leave the same remainder.
        String first = given().header("If-None-Match", miss.header("ETag"))
                .when()
                .get(path)
                .then()
                .statusCode(304)
                .header("ETag", miss.header("ETag"))
                .header("Link", miss.header("Link"))
                .extract()
                .header("RateLimit");
        given().header("If-None-Match", miss.header("ETag"))
                .when()
                .get(path)
                .then()
                .statusCode(304)
                .header("RateLimit", equalTo(first));
        // The bounds on If-None-Match still hold for a request the cache could answer.
        given().header("If-None-Match", "\"" + "x".repeat(8200) + "\"")
                .when()
                .get(path)
                .then()
                .statusCode(400)
                .contentType("application/problem+json");
        // Other methods on the same URI are not answered from the cache.
        given().when().delete(path).then().statusCode(not(equalTo(200)));
    }

    private void sql(String update) throws Exception {
        try (Connection connection = dataSource.getConnection();
                Statement statement = connection.createStatement()) {
            statement.executeUpdate(update);
        }
    }
}

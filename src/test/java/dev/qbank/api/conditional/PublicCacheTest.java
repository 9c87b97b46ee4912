package dev.qbank.api.conditional;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.not;

import dev.qbank.support.ApiTest;
import dev.qbank.support.Keys;
import io.agroal.api.AgroalDataSource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import jakarta.inject.Inject;
import java.sql.Connection;
import java.sql.Statement;
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

    private void sql(String update) throws Exception {
        try (Connection connection = dataSource.getConnection();
                Statement statement = connection.createStatement()) {
            statement.executeUpdate(update);
        }
    }
}

package dev.qbank.root;

import static dev.qbank.support.Management.management;
import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;

import dev.qbank.support.ApiTest;
import io.quarkus.test.junit.QuarkusTest;
import org.junit.jupiter.api.Test;

@QuarkusTest
class RootApiTest extends ApiTest {

    @Test
    void theRootLinksToEveryCollectionAndEveryLinkResolves() {
        var root = given().when()
                .get("/v1")
                .then()
                .statusCode(200)
                .body("version", equalTo("v1"))
                .body("_links.questions.href", equalTo("/v1/questions"))
                .body("_links.categories.href", equalTo("/v1/categories"))
                .extract()
                .jsonPath();
        java.util.Map<String, java.util.Map<String, String>> links = root.getMap("_links");
        links.forEach((rel, link) -> {
            int status = given().redirects()
                    .follow(true)
                    .when()
                    .get(link.get("href"))
                    .statusCode();
            org.junit.jupiter.api.Assertions.assertEquals(200, status, rel + " -> " + link.get("href"));
        });
    }

    @Test
    void healthReportsUpWithTheDatabase() {
        management().when().get("/q/health/ready").then().statusCode(200).body("status", equalTo("UP"));
    }
}

package dev.qbank.api.deprecation;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;

import dev.qbank.support.ApiTest;
import io.quarkus.test.junit.QuarkusTest;
import org.junit.jupiter.api.Test;

/** The versioning policy's mechanism: a deprecated endpoint announces itself (RFC 9745, RFC 8594, RFC 8288). */
@QuarkusTest
class DeprecationHeadersTest extends ApiTest {

    @Test
    void aDeprecatedEndpointSendsDeprecationSunsetAndADeprecationLink() {
        given().when()
                .get("/v1/_test/legacy")
                .then()
                .statusCode(200)
                .header("Deprecation", equalTo("@1780272000"))
                .header("Sunset", equalTo("Tue, 01 Jun 2027 00:00:00 GMT"))
                .header(
                        "Link",
                        equalTo("<https://qbank.dev/docs/migrating-to-v2>; rel=\"deprecation\"; type=\"text/html\""));
    }

    @Test
    void currentEndpointsSendNoDeprecationHeaders() {
        given().when()
                .get("/v1/questions/1")
                .then()
                .statusCode(200)
                .header("Deprecation", org.hamcrest.Matchers.nullValue())
                .header("Sunset", org.hamcrest.Matchers.nullValue());
    }
}

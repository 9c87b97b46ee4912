package dev.qbank.ops;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.matchesPattern;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.nullValue;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import dev.qbank.support.ApiTest;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;
import org.junit.jupiter.api.Test;

/** What every response carries (question 9 of the bank) and how a request is traced (question 10). */
@QuarkusTest
class ResponseHeadersTest extends ApiTest {

    private static final String TRACE_ID = "0af7651916cd43dd8448eb211c80319c";
    private static final String PARENT = "00-" + TRACE_ID + "-b7ad6b7169203331-01";

    @Test
    void aSaneRequestIdIsEchoedAndAnInsaneOneIsReplaced() {
        given().header("X-Request-Id", "client-req.42_A")
                .when()
                .get("/v1/questions/1")
                .then()
                .statusCode(200)
                .header("X-Request-Id", equalTo("client-req.42_A"));
        given().header("X-Request-Id", "bad id with spaces")
                .when()
                .get("/v1/questions/1")
                .then()
                .statusCode(200)
                .header("X-Request-Id", matchesPattern("^[0-9a-f]{24}$"));
        given().header("X-Request-Id", "x".repeat(129))
                .when()
                .get("/v1/questions/1")
                .then()
                .statusCode(200)
                .header("X-Request-Id", matchesPattern("^[0-9a-f]{24}$"));
        given().when()
                .get("/v1/questions/1")
                .then()
                .statusCode(200)
                .header("X-Request-Id", matchesPattern("^[0-9a-f]{24}$"));
    }

    @Test
    void everyResponseCarriesTheRequestIdAndSecurityHeadersEvenOutsideTheApi() {
        for (String path : new String[] {"/v1", "/v1/questions/999", "/no-such-route", "/q/metrics", "/q/openapi"}) {
            given().when()
                    .get(path)
                    .then()
                    .header("X-Request-Id", matchesPattern("^[0-9a-f]{24}$"))
                    .header("X-Content-Type-Options", equalTo("nosniff"))
                    .header("Referrer-Policy", equalTo("no-referrer"))
                    .header(
                            "Content-Security-Policy",
                            equalTo("default-src 'none'; frame-ancestors 'none'; base-uri 'none'; form-action 'none'"))
                    .header("Strict-Transport-Security", nullValue());
        }
    }

    @Test
    void swaggerUiIsExemptFromTheApisContentSecurityPolicy() {
        given().when().get("/q/swagger-ui/").then().statusCode(200).header("Content-Security-Policy", nullValue());
    }

    @Test
    void problemsNameTheirRequestAndTrace() {
        given().header("X-Request-Id", "trace-me-1")
                .header("traceparent", PARENT)
                .when()
                .get("/v1/questions/999")
                .then()
                .statusCode(404)
                .body("request_id", equalTo("trace-me-1"))
                .body("trace_id", equalTo(TRACE_ID));
        given().header("X-Request-Id", "trace-me-2")
                .when()
                .get("/no-such-route")
                .then()
                .statusCode(404)
                .body("request_id", equalTo("trace-me-2"))
                .body("trace_id", matchesPattern("^[0-9a-f]{32}$"));
    }

    @Test
    void anIncomingTraceparentIsContinuedAndAnsweredWithTraceresponse() {
        Response response = given().header("traceparent", PARENT).when().get("/v1/questions/2");
        response.then()
                .statusCode(200)
                .header("traceresponse", matchesPattern("^00-" + TRACE_ID + "-[0-9a-f]{16}-01$"))
                .header("traceresponse", not(equalTo(PARENT)));
    }

    @Test
    void withoutATraceparentANewTraceIsStartedPerRequest() {
        String first = given().when().get("/v1/questions/3").then().extract().header("traceresponse");
        String second = given().when().get("/v1/questions/3").then().extract().header("traceresponse");
        assertEquals(55, first.length());
        assertNotEquals(first.substring(3, 35), second.substring(3, 35));
    }
}

package dev.qbank.api.problem;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.notNullValue;

import dev.qbank.support.ApiTest;
import io.quarkus.test.junit.QuarkusTest;
import org.junit.jupiter.api.Test;

/** Every error is an RFC 9457 problem with a stable type, and nothing internal leaks. */
@QuarkusTest
class ProblemsTest extends ApiTest {

    @Test
    void unknownRouteOutsideTheApiIsANotFoundProblem() {
        given().when()
                .get("/nothing-here")
                .then()
                .statusCode(404)
                .contentType("application/problem+json")
                .body("type", equalTo("https://qbank.dev/problems/not-found"))
                .body("title", equalTo("Not found"))
                .body("status", equalTo(404))
                .body("detail", containsString("/nothing-here"))
                .body("instance", equalTo("/nothing-here"));
    }

    @Test
    void unknownRouteUnderVersionOneIsANotFoundProblem() {
        given().when()
                .get("/v1/nothing-here")
                .then()
                .statusCode(404)
                .contentType("application/problem+json")
                .body("type", equalTo("https://qbank.dev/problems/not-found"));
    }

    @Test
    void wrongMethodIsAMethodNotAllowedProblemWithAllow() {
        given().when()
                .post("/v1/questions/1")
                .then()
                .statusCode(405)
                .contentType("application/problem+json")
                .header("Allow", equalTo("DELETE, GET, HEAD, OPTIONS, PATCH, PUT"))
                .body("type", equalTo("https://qbank.dev/problems/method-not-allowed"))
                .body("detail", containsString("GET"));
    }

    @Test
    void unacceptableAcceptIsANotAcceptableProblem() {
        given().accept("application/xml")
                .when()
                .get("/v1/questions/1")
                .then()
                .statusCode(406)
                .contentType("application/problem+json")
                .body("type", equalTo("https://qbank.dev/problems/not-acceptable"));
    }

    @Test
    void unsupportedContentTypeIsAnUnsupportedMediaTypeProblem() {
        given().contentType("text/plain")
                .body("hello")
                .when()
                .post("/v1/_test/echo")
                .then()
                .statusCode(415)
                .contentType("application/problem+json")
                .body("type", equalTo("https://qbank.dev/problems/unsupported-media-type"));
    }

    @Test
    void malformedJsonIsABadRequestProblemWithoutInternals() {
        given().contentType("application/json")
                .body("{\"name\": ")
                .when()
                .post("/v1/_test/echo")
                .then()
                .statusCode(400)
                .contentType("application/problem+json")
                .body("type", equalTo("https://qbank.dev/problems/malformed-json"))
                .body("detail", not(containsString("jackson")))
                .body("detail", not(containsString("Exception")));
    }

    @Test
    void aWronglyTypedFieldIsNamedInTheProblem() {
        given().contentType("application/json")
                .body("{\"count\": \"many\"}")
                .when()
                .post("/v1/_test/echo")
                .then()
                .statusCode(400)
                .body("type", equalTo("https://qbank.dev/problems/invalid-parameters"))
                .body("invalid_params[0].name", equalTo("count"));
    }

    @Test
    void anUnexpectedFailureIsAGenericProblemWithAnErrorIdAndNoStackTrace() {
        given().when()
                .get("/v1/_test/boom")
                .then()
                .statusCode(500)
                .contentType("application/problem+json")
                .body("type", equalTo("https://qbank.dev/problems/internal-error"))
                .body("error_id", notNullValue())
                .body(not(containsString("IllegalStateException")))
                .body(not(containsString("secret-internal-detail")))
                .body(not(containsString("at dev.qbank")));
    }
}

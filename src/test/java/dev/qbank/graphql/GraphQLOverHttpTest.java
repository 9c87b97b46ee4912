package dev.qbank.graphql;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasKey;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.notNullValue;
import static org.hamcrest.Matchers.nullValue;
import static org.hamcrest.Matchers.startsWith;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.qbank.support.ApiTest;
import dev.qbank.support.Learner;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.ValidatableResponse;
import io.restassured.specification.RequestSpecification;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * /graphql as the GraphQL-over-HTTP specification says: media types by Accept, status codes by media type, GET for
 * queries only, 400 for requests that are not well-formed, 415 for bodies that are not JSON; and every control of the
 * API port (authentication, rate limit, cost, request id) on GET as on POST.
 */
@QuarkusTest
class GraphQLOverHttpTest extends ApiTest {

    private static final String GRAPHQL_RESPONSE = "application/graphql-response+json";
    private static final String RECORD_ATTEMPT =
            "mutation { recordAttempt(input: {question: 3, answer: \"x\", rating: GOOD, durationMs: 1000}) { id } }";

    /** 24,481 against the limit of 5,000 (QueryCost). */
    private static final String COSTLY =
            "{ categories { questions { category { questions { category { questions { number } } } } } } }";

    @TestHTTPResource("/graphql")
    URI endpoint;

    private static RequestSpecification accepting(String accept) {
        return given().contentType("application/json").accept(accept);
    }

    private static ValidatableResponse post(String accept, Object body) {
        return accepting(accept).body(body).when().post("/graphql").then();
    }

    private HttpResponse<String> raw(HttpRequest.Builder request) throws Exception {
        return HttpClient.newHttpClient().send(request.uri(endpoint).build(), HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void theResponseMediaTypeIsTheOneTheClientPrefers() {
        String query = "{ question(number: 1) { number } }";
        for (String accept : List.of(
                GRAPHQL_RESPONSE,
                GRAPHQL_RESPONSE + "; charset=utf-8, application/json; charset=utf-8",
                "application/json;q=0.5, " + GRAPHQL_RESPONSE,
                GRAPHQL_RESPONSE + ", */*")) {
            post(accept, Map.of("query", query))
                    .statusCode(200)
                    .header("Content-Type", equalTo(GRAPHQL_RESPONSE + "; charset=utf-8"))
                    .body("data.question.number", equalTo(1));
        }
        for (String accept : List.of(
                "application/json",
                "*/*",
                "application/*",
                "application/json, " + GRAPHQL_RESPONSE,
                "text/html, */*")) {
            post(accept, Map.of("query", query))
                    .statusCode(200)
                    .header("Content-Type", equalTo("application/json; charset=utf-8"))
                    .body("data.question.number", equalTo(1));
        }
    }

    @Test
    void aClientThatSendsNoAcceptGetsApplicationJson() throws Exception {
        var response = raw(HttpRequest.newBuilder()
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("{\"query\":\"{ __typename }\"}")));
        assertEquals(200, response.statusCode());
        assertEquals(
                "application/json; charset=utf-8",
                response.headers().firstValue("Content-Type").orElse(""));
        assertEquals("{\"data\":{\"__typename\":\"Query\"}}", response.body());
    }

    @Test
    void anAcceptThatAllowsNeitherTypeIsA406Problem() {
        for (String accept : List.of("text/html", "application/graphql+json", "application/json; charset=iso-8859-1")) {
            post(accept, Map.of("query", "{ __typename }"))
                    .statusCode(406)
                    .contentType("application/problem+json")
                    .body("type", equalTo("https://qbank.dev/problems/not-acceptable"))
                    .body("detail", containsString("application/graphql-response+json or application/json"));
        }
    }

    @Test
    void documentsThatDoNotParseOrValidateAre400UnderTheGraphQLTypeAnd200UnderJson() {
        Map<String, Object> unparsable = Map.of("query", "{");
        Map<String, Object> invalid = Map.of("query", "{ noSuchField }");
        Map<String, Object> uncoerced = Map.of("query", "query($n: Int!) { question(number: $n) { number } }");
        for (Map<String, Object> body : List.of(unparsable, invalid, uncoerced)) {
            post(GRAPHQL_RESPONSE, body)
                    .statusCode(400)
                    .header("Content-Type", equalTo(GRAPHQL_RESPONSE + "; charset=utf-8"))
                    .body("$", not(hasKey("data")))
                    .body("errors[0].message", notNullValue());
            post("application/json", body)
                    .statusCode(200)
                    .header("Content-Type", equalTo("application/json; charset=utf-8"))
                    .body("errors[0].message", notNullValue());
        }
        // A query refused for its cost has no data either: its problem's status.
        post(GRAPHQL_RESPONSE, Map.of("query", COSTLY))
                .statusCode(400)
                .body("errors[0].extensions.type", equalTo("https://qbank.dev/problems/query-too-costly"));
    }

    @Test
    void fieldErrorsKeepTheDataAndA200UnderEitherType() {
        for (String accept : List.of(GRAPHQL_RESPONSE, "application/json")) {
            post(accept, Map.of("query", "{ me { name } question(number: 1) { number } }"))
                    .statusCode(200)
                    .body("data.question.number", equalTo(1))
                    .body("errors[0].extensions.type", equalTo("https://qbank.dev/problems/unauthorized"));
        }
    }

    @Test
    void requestsThatAreNotWellFormedAre400WhateverTheMediaType() {
        Map<String, String> bodies = Map.of(
                "{\"query\": ", "malformed-json",
                "[{\"query\":\"{ __typename }\"}]", "bad-request",
                "\"{ __typename }\"", "bad-request",
                "{\"qeury\":\"{ __typename }\"}", "invalid-parameters",
                "{\"query\": 7}", "invalid-parameters",
                "{\"query\":\"{ __typename }\",\"operationName\":false}", "invalid-parameters",
                "{\"query\":\"{ __typename }\",\"variables\":\"{}\"}", "invalid-parameters",
                "{\"query\":\"{ __typename }\",\"extensions\":[1]}", "invalid-parameters");
        bodies.forEach((body, type) -> {
            post("application/json", body)
                    .statusCode(400)
                    .contentType("application/problem+json")
                    .body("type", equalTo("https://qbank.dev/problems/" + type));
            // A client that asked for the GraphQL type gets the problem as a GraphQL error.
            post(GRAPHQL_RESPONSE, body)
                    .statusCode(400)
                    .header("Content-Type", equalTo(GRAPHQL_RESPONSE + "; charset=utf-8"))
                    .body("$", not(hasKey("data")))
                    .body("errors[0].message", notNullValue())
                    .body("errors[0].extensions.type", equalTo("https://qbank.dev/problems/" + type))
                    .body("errors[0].extensions.status", equalTo(400));
        });
        post("application/json", "{\"query\": 7}").body("invalid_params[0].name", equalTo("query"));
        // Null is the same as leaving a parameter out; other members are reserved, and ignored.
        post(
                        GRAPHQL_RESPONSE,
                        "{\"query\":\"{ __typename }\",\"operationName\":null,\"variables\":null,\"extensions\":null,"
                                + "\"future\":1}")
                .statusCode(200)
                .body("errors", nullValue());
    }

    @Test
    void bodiesThatAreNotJsonInUtf8AreUnsupportedMediaTypes() throws Exception {
        for (String contentType : List.of(
                "application/graphql",
                "text/plain",
                "application/x-www-form-urlencoded",
                "application/json; charset=iso-8859-1")) {
            var response = raw(HttpRequest.newBuilder()
                    .header("Content-Type", contentType)
                    .POST(HttpRequest.BodyPublishers.ofString("{\"query\":\"{ __typename }\"}")));
            assertEquals(415, response.statusCode(), contentType);
            assertEquals(
                    "application/problem+json",
                    response.headers().firstValue("Content-Type").orElse(""));
            assertTrue(response.body().contains("https://qbank.dev/problems/unsupported-media-type"), response.body());
        }
        var none = raw(
                HttpRequest.newBuilder().POST(HttpRequest.BodyPublishers.ofString("{\"query\":\"{ __typename }\"}")));
        assertEquals(415, none.statusCode());
        assertTrue(none.body().contains("it has no Content-Type"), none.body());
        given().contentType("application/json; charset=UTF-8")
                .body("{\"query\":\"{ __type(name: \\\"Run🏃Swim🏊\\\") { name } }\"}")
                .when()
                .post("/graphql")
                .then()
                .statusCode(200)
                .body("data.__type", nullValue());
    }

    @Test
    void getRunsQueriesWithJsonEncodedVariables() {
        given().accept(GRAPHQL_RESPONSE)
                .queryParam("query", "query One($n: Int!) { question(number: $n) { number } }")
                .queryParam("variables", "{\"n\": 8}")
                .queryParam("operationName", "One")
                .queryParam("extensions", "{}")
                .when()
                .get("/graphql")
                .then()
                .statusCode(200)
                .header("Content-Type", equalTo(GRAPHQL_RESPONSE + "; charset=utf-8"))
                .header("Cache-Control", equalTo("no-store"))
                .header("X-Request-Id", notNullValue())
                .header("RateLimit", startsWith("\"anonymous\""))
                .body("data.question.number", equalTo(8));
        // A + is a space, as in any form encoding (URLSearchParams writes spaces so).
        given().urlEncodingEnabled(false)
                .when()
                .get("/graphql?query=%7B+question%28number%3A+2%29+%7B+number+%7D+%7D")
                .then()
                .statusCode(200)
                .body("data.question.number", equalTo(2));
        for (String variables : List.of("not json", "[1]")) {
            given().queryParam("query", "{ __typename }")
                    .queryParam("variables", variables)
                    .when()
                    .get("/graphql")
                    .then()
                    .statusCode(400)
                    .contentType("application/problem+json");
        }
        given().queryParam("query", "{ __typename }")
                .queryParam("query", "{ categories { slug } }")
                .when()
                .get("/graphql")
                .then()
                .statusCode(400)
                .body("detail", containsString("given 2 times"));
        given().when().get("/graphql").then().statusCode(400).body("invalid_params[0].name", equalTo("query"));
    }

    @Test
    void aMutationOverGetIs405AndRunsNothing() {
        Learner learner = Learner.signUp();
        learner.request()
                .queryParam("query", RECORD_ATTEMPT)
                .when()
                .get("/graphql")
                .then()
                .statusCode(405)
                .header("Allow", equalTo("POST"))
                .contentType("application/problem+json")
                .body("type", equalTo("https://qbank.dev/problems/method-not-allowed"));
        // In a document with a query too, the operation named is the one judged, whichever comes first.
        String both = "query Read { __typename } " + RECORD_ATTEMPT.replace("mutation {", "mutation Write {");
        learner.request()
                .accept(GRAPHQL_RESPONSE)
                .queryParam("query", both)
                .queryParam("operationName", "Write")
                .when()
                .get("/graphql")
                .then()
                .statusCode(405)
                .header("Allow", equalTo("POST"))
                .header("Content-Type", equalTo(GRAPHQL_RESPONSE + "; charset=utf-8"))
                .body("errors[0].extensions.type", equalTo("https://qbank.dev/problems/method-not-allowed"));
        learner.request()
                .queryParam("query", both)
                .queryParam("operationName", "Read")
                .when()
                .get("/graphql")
                .then()
                .statusCode(200)
                .body("data.__typename", equalTo("Query"));
        learner.request().when().get("/v1/attempts").then().statusCode(200).body("data.size()", equalTo(0));
        // The same mutation as a POST runs.
        learner.json(Map.of("query", RECORD_ATTEMPT))
                .when()
                .post("/graphql")
                .then()
                .statusCode(200)
                .body("data.recordAttempt.id", notNullValue());
    }

    @Test
    void theControlsOfPostApplyToGetToo() {
        // A key that is not valid: 401 before any GraphQL runs, in the media type asked for.
        given().header("Authorization", "Bearer qb_not-a-key")
                .queryParam("query", "{ __typename }")
                .when()
                .get("/graphql")
                .then()
                .statusCode(401)
                .contentType("application/problem+json")
                .header("WWW-Authenticate", containsString("invalid_token"));
        given().header("Authorization", "Bearer qb_not-a-key")
                .accept(GRAPHQL_RESPONSE)
                .queryParam("query", "{ __typename }")
                .when()
                .get("/graphql")
                .then()
                .statusCode(401)
                .header("Content-Type", equalTo(GRAPHQL_RESPONSE + "; charset=utf-8"))
                .body("errors[0].extensions.type", equalTo("https://qbank.dev/problems/invalid-api-key"))
                .body("errors[0].extensions.status", equalTo(401));
        // A learner's key works over GET.
        Learner learner = Learner.signUp();
        learner.request()
                .queryParam("query", "{ me { name } }")
                .when()
                .get("/graphql")
                .then()
                .statusCode(200)
                .body("data.me.name", equalTo(learner.name()))
                .header("RateLimit", startsWith("\"user\""));
        // Cost and depth are judged as for POST.
        given().queryParam("query", COSTLY)
                .when()
                .get("/graphql")
                .then()
                .statusCode(200)
                .body("errors[0].extensions.type", equalTo("https://qbank.dev/problems/query-too-costly"));
        // Other methods are not GraphQL.
        given().contentType("application/json")
                .body("{\"query\":\"{ __typename }\"}")
                .when()
                .put("/graphql")
                .then()
                .statusCode(405)
                .header("Allow", equalTo("GET, POST, OPTIONS"));
        given().when().options("/graphql").then().statusCode(204).header("Allow", equalTo("GET, POST, OPTIONS"));
    }

    @Test
    void aQueryStringLongerThanAnHttpRequestLineMayBeIsRefusedUnread() throws Exception {
        String huge = "{ __typename " + "a: __typename ".repeat(1000) + "}";
        var response = raw(HttpRequest.newBuilder()
                .uri(URI.create(endpoint + "?query=" + java.net.URLEncoder.encode(huge, "UTF-8")))
                .GET());
        // Refused by the HTTP server before any route (Quarkus's 4 KB request line): no GET carries more than a POST
        // may.
        assertTrue(response.statusCode() == 414 || response.statusCode() == 400, "was " + response.statusCode());
    }
}

package dev.qbank.security;

import static dev.qbank.support.Keys.asAdmin;
import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.nullValue;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import dev.qbank.support.ApiTest;
import dev.qbank.support.Keys;
import dev.qbank.support.Learner;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.net.http.WebSocketHandshakeException;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * OWASP API4:2023 (unrestricted resource consumption) over GraphQL: aliased mutations, unbounded lists, a second
 * transport; and API1/API3 (what a client may see): a deleted question stays invisible, as in REST.
 */
@QuarkusTest
class GraphQLAbuseTest extends ApiTest {

    @TestHTTPResource("/graphql")
    URI graphql;

    private static Response graphql(Learner learner, String query) {
        return (learner == null ? given() : learner.request())
                .contentType("application/json")
                .body(Map.of("query", query))
                .when()
                .post("/graphql");
    }

    @Test
    void aliasedMutationsInOneRequestAreRefusedAndRecordNothing() {
        Learner learner = Learner.signUp();
        StringBuilder query = new StringBuilder("mutation {");
        for (int i = 0; i < 30; i++) {
            query.append(" a")
                    .append(i)
                    .append(
                            ": recordAttempt(input: {question: 3, answer: \"x\", rating: GOOD, durationMs: 1000}) { id }");
        }
        graphql(learner, query.append(" }").toString())
                .then()
                .statusCode(200)
                .body("data", nullValue())
                .body("errors[0].message", containsString("at most 1 mutation; this one has 30"))
                .body("errors[0].extensions.type", equalTo("https://qbank.dev/problems/too-many-mutations"))
                .body("errors[0].extensions.status", equalTo(400));
        // Hidden in fragments, too.
        graphql(
                        learner,
                        "mutation { ...two } fragment two on Mutation { a: recordAttempt(input: {question: 3, answer: \"x\", "
                                + "rating: GOOD, durationMs: 1000}) { id } b: recordAttempt(input: {question: 4, answer: \"y\", rating: GOOD, "
                                + "durationMs: 1000}) { id } }")
                .then()
                .statusCode(200)
                .body("errors[0].extensions.type", equalTo("https://qbank.dev/problems/too-many-mutations"));
        learner.request().when().get("/v1/attempts").then().statusCode(200).body("data", hasSize(0));
        // One mutation is fine.
        graphql(
                        learner,
                        "mutation { recordAttempt(input: {question: 3, answer: \"x\", rating: GOOD, durationMs: 1000}) { id } }")
                .then()
                .statusCode(200)
                .body("errors", nullValue());
    }

    @Test
    void costAndDepthRefusalsCarryAProblemTypeAndStatus() {
        graphql(null, "{ categories { questions { category { questions { category { questions { number } } } } } } }")
                .then()
                .statusCode(200)
                .body("errors[0].message", containsString("maximum query complexity exceeded"))
                .body("errors[0].extensions.type", equalTo("https://qbank.dev/problems/query-too-costly"))
                .body("errors[0].extensions.status", equalTo(400));
        // 18 levels, each list of one item: cheap, but deeper than 15.
        String deep = "{ me { attempts(first: 1) { edges { node { question { "
                + "myAttempts(first: 1) { question { ".repeat(6) + "number" + " } }".repeat(6) + " } } } } } }";
        graphql(null, deep)
                .then()
                .statusCode(200)
                .body("errors[0].message", containsString("maximum query depth exceeded"))
                .body("errors[0].extensions.type", equalTo("https://qbank.dev/problems/query-too-costly"))
                .body("errors[0].extensions.status", equalTo(400));
    }

    @Test
    void myAttemptsIsCappedByFirst() {
        Learner learner = Learner.signUp();
        for (int i = 0; i < 12; i++) {
            learner.record(5, "good");
        }
        graphql(learner, "{ question(number: 5) { myAttempts { id } } }")
                .then()
                .statusCode(200)
                .body("data.question.myAttempts", hasSize(10));
        graphql(learner, "{ question(number: 5) { myAttempts(first: 3) { id } } }")
                .then()
                .statusCode(200)
                .body("data.question.myAttempts", hasSize(3));
        graphql(learner, "{ question(number: 5) { myAttempts(first: 51) { id } } }")
                .then()
                .statusCode(200)
                .body("errors[0].extensions.type", equalTo("https://qbank.dev/problems/invalid-parameters"))
                .body("errors[0].extensions.status", equalTo(400));
    }

    @Test
    void aDeletedQuestionIsInvisibleInGraphQLAsInRest() {
        String slug = "deleted-" + Keys.unique();
        asAdmin()
                .contentType("application/json")
                .body(Map.of("slug", slug, "name", "Deleted " + slug, "description", ""))
                .when()
                .post("/v1/categories")
                .then()
                .statusCode(201);
        int number = asAdmin()
                .contentType("application/json")
                .body(Map.of("text", "Soon deleted? " + slug, "category", slug))
                .when()
                .post("/v1/questions")
                .then()
                .statusCode(201)
                .extract()
                .path("number");
        graphql(null, "{ question(number: " + number + ") { number } }")
                .then()
                .body("data.question.number", equalTo(number));
        asAdmin().when().delete("/v1/questions/" + number).then().statusCode(204);
        given().when().get("/v1/questions/" + number).then().statusCode(404);
        graphql(null, "{ question(number: " + number + ") { number } }")
                .then()
                .statusCode(200)
                .body("data.question", nullValue());
        asAdmin().when().delete("/v1/categories/" + slug).then().statusCode(204);
    }

    @Test
    void theWebSocketTransportIsRefused() throws Exception {
        URI ws = URI.create("ws://" + graphql.getHost() + ":" + graphql.getPort() + "/graphql");
        for (String subprotocol : List.of("graphql-transport-ws", "graphql-ws")) {
            try {
                WebSocket socket = HttpClient.newHttpClient()
                        .newWebSocketBuilder()
                        .subprotocols(subprotocol)
                        .connectTimeout(Duration.ofSeconds(5))
                        .buildAsync(ws, new WebSocket.Listener() {})
                        .get(10, TimeUnit.SECONDS);
                socket.abort();
                fail("a WebSocket on /graphql was opened with " + subprotocol);
            } catch (java.util.concurrent.ExecutionException e) {
                assertTrue(e.getCause() instanceof WebSocketHandshakeException, e.toString());
                var response = ((WebSocketHandshakeException) e.getCause()).getResponse();
                assertEquals(400, response.statusCode());
                assertTrue(
                        String.valueOf(response.body()).contains("WebSocket is not offered"),
                        String.valueOf(response.body()));
            } catch (CompletionException e) {
                fail(e);
            }
        }
    }
}

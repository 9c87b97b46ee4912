package dev.qbank.graphql;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.everyItem;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.notNullValue;
import static org.hamcrest.Matchers.nullValue;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.qbank.support.ApiTest;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import io.restassured.response.ValidatableResponse;
import jakarta.inject.Inject;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.hibernate.SessionFactory;
import org.junit.jupiter.api.Test;

/** GraphQL at /graphql: the same services, cursors, validation and idempotency as REST. */
@QuarkusTest
class GraphQLTest extends ApiTest {

    @Inject
    SessionFactory sessionFactory;

    static ValidatableResponse graphql(String key, String query, Map<String, Object> variables) {
        var request = given().contentType("application/json")
                .accept("application/json")
                .body(Map.of("query", query, "variables", variables));
        if (key != null) {
            request = request.auth().oauth2(key);
        }
        return request.when().post("/graphql").then().statusCode(200).contentType(containsString("application/json"));
    }

    static ValidatableResponse graphql(String query) {
        return graphql(null, query, Map.of());
    }

    static String signUp() {
        return given().contentType("application/json")
                .body("{\"name\":\"Grace\"}")
                .when()
                .post("/v1/users")
                .then()
                .statusCode(201)
                .extract()
                .jsonPath()
                .getString("api_key.secret");
    }

    @Test
    void questionsAreARelayConnectionOverTheRestCursors() {
        JsonPath page = graphql(
                        "{ questions(first: 5, filter: {category: \"caching\"}) { edges { cursor node { number } } "
                                + "pageInfo { hasNextPage hasPreviousPage startCursor endCursor } } }")
                .body("errors", nullValue())
                .body("data.questions.edges.node.number", contains(21, 22, 23, 24, 25))
                .body("data.questions.pageInfo.hasNextPage", equalTo(true))
                .body("data.questions.pageInfo.hasPreviousPage", equalTo(false))
                .extract()
                .jsonPath();
        String endCursor = page.getString("data.questions.pageInfo.endCursor");
        assertEquals(page.getString("data.questions.edges[4].cursor"), endCursor);
        // The REST page of the same query ends on the same cursor...
        String restNext = given().queryParam("category", "caching")
                .queryParam("limit", 5)
                .when()
                .get("/v1/questions")
                .then()
                .statusCode(200)
                .extract()
                .jsonPath()
                .getString("page.next_cursor");
        assertEquals(restNext, endCursor);
        // ...so each API continues the other's walk.
        given().queryParam("category", "caching")
                .queryParam("limit", 5)
                .queryParam("cursor", endCursor)
                .when()
                .get("/v1/questions")
                .then()
                .statusCode(200)
                .body("data.number", contains(26, 27));
        graphql(
                        null,
                        "query($after: String) { questions(first: 5, after: $after, filter: {category: \"caching\"}) "
                                + "{ edges { node { number } } pageInfo { hasNextPage hasPreviousPage } } }",
                        Map.of("after", restNext))
                .body("data.questions.edges.node.number", contains(26, 27))
                .body("data.questions.pageInfo.hasNextPage", equalTo(false))
                .body("data.questions.pageInfo.hasPreviousPage", equalTo(true));
    }

    @Test
    void lastAndBeforeReadBackwards() {
        String start = graphql("{ questions(first: 3, after: null) { edges { node { number } } } }")
                .extract()
                .jsonPath()
                .getString("data.questions.edges[0].node.number");
        assertEquals("1", start);
        String startOfSecondPage = graphql("{ questions(first: 10) { pageInfo { endCursor } } }")
                .extract()
                .jsonPath()
                .getString("data.questions.pageInfo.endCursor");
        graphql(
                        null,
                        "query($before: String) { questions(last: 3, before: $before) { edges { node { number } } } }",
                        Map.of("before", startOfSecondPage))
                .body("data.questions.edges.node.number", contains(7, 8, 9));
    }

    @Test
    void aCursorOfAnotherQueryOrAnAlteredOneIsRefusedAsInRest() {
        String caching = graphql("{ questions(first: 2, filter: {category: \"caching\"}) { pageInfo { endCursor } } }")
                .extract()
                .jsonPath()
                .getString("data.questions.pageInfo.endCursor");
        graphql(
                        null,
                        "query($after: String) { questions(first: 2, after: $after) { edges { node { number } } } }",
                        Map.of("after", caching))
                .body("data", nullValue())
                .body("errors[0].extensions.type", equalTo("https://qbank.dev/problems/invalid-cursor"))
                .body("errors[0].extensions.status", equalTo(400))
                .body("errors[0].extensions.invalid_params[0].name", equalTo("after"))
                .body("errors[0].message", containsString("different collection or different filters"));
        graphql("{ questions(first: 0) { edges { cursor } } }")
                .body("errors[0].extensions.type", equalTo("https://qbank.dev/problems/invalid-parameters"))
                .body("errors[0].extensions.invalid_params[0].name", equalTo("first"));
    }

    @Test
    void oneQuestionWithItsLiveExampleAndCategoryOrNullWhenThereIsNone() {
        graphql(
                        "{ question(number: 8) { number text difficulty tags category { slug name } liveExample { summary try links { rel href } } } "
                                + "missing: question(number: 999) { number } }")
                .body("errors", nullValue())
                .body("data.question.number", equalTo(8))
                .body("data.question.difficulty", equalTo("MID"))
                .body("data.question.category.slug", equalTo("rest-apis"))
                .body("data.question.liveExample.try", containsString("curl"))
                .body("data.question.liveExample.links.rel", org.hamcrest.Matchers.hasItem("docs"))
                .body("data.missing", nullValue());
    }

    @Test
    void categoriesLeadToTheirQuestions() {
        graphql("{ categories { slug questionCount questions { number } } }")
                .body("errors", nullValue())
                .body(
                        "data.categories.slug",
                        contains("rest-apis", "databases", "caching", "security", "microservices"))
                .body("data.categories[2].questions.number", contains(21, 22, 23, 24, 25, 26, 27))
                .body("data.categories[2].questionCount", equalTo(7));
    }

    @Test
    void anonymousCallersGetPublicDataAndAnUnauthorizedErrorForTheirOwn() {
        graphql("{ me { name } }")
                .body("data.me", nullValue())
                .body("errors[0].message", containsString("needs an API key"))
                .body("errors[0].extensions.type", equalTo("https://qbank.dev/problems/unauthorized"))
                .body("errors[0].extensions.status", equalTo(401));
        graphql("{ question(number: 1) { number myAttempts { rating } } }")
                .body("data.question", nullValue())
                .body("errors[0].extensions.type", equalTo("https://qbank.dev/problems/unauthorized"));
    }

    @Test
    void aKeyThatIsNotValidIsRefusedBeforeAnyGraphQLRuns() {
        given().auth()
                .oauth2("qb_notakey")
                .contentType("application/json")
                .body(Map.of("query", "{ categories { slug } }"))
                .when()
                .post("/graphql")
                .then()
                .statusCode(401)
                .contentType("application/problem+json")
                .header("WWW-Authenticate", equalTo("Bearer realm=\"qbank\", error=\"invalid_token\""))
                .header("X-Request-Id", notNullValue())
                .body("type", equalTo("https://qbank.dev/problems/invalid-api-key"))
                .body("instance", equalTo("/graphql"));
    }

    @Test
    void recordAttemptValidatesAndRetriesIdempotentlyAndMeSeesIt() {
        String key = signUp();
        String mutation =
                "mutation($input: AttemptInput!, $key: String) { recordAttempt(input: $input, idempotencyKey: $key) "
                        + "{ id rating durationMs question { number } } }";
        Map<String, Object> input = Map.of(
                "question",
                8,
                "answer",
                "Keyset, not OFFSET.",
                "rating",
                "GOOD",
                "durationMs",
                42000,
                "startedAt",
                Instant.now().minusSeconds(60).toString());
        String id = graphql(key, mutation, Map.of("input", input, "key", "gql-8-1"))
                .body("errors", nullValue())
                .body("data.recordAttempt.rating", equalTo("GOOD"))
                .body("data.recordAttempt.question.number", equalTo(8))
                .extract()
                .jsonPath()
                .getString("data.recordAttempt.id");
        // The retry returns the same attempt rather than recording a second one.
        graphql(key, mutation, Map.of("input", input, "key", "gql-8-1")).body("data.recordAttempt.id", equalTo(id));
        graphql(
                        key,
                        mutation,
                        Map.of(
                                "input",
                                Map.of("question", 8, "answer", "Another answer", "rating", "GOOD", "durationMs", 1),
                                "key",
                                "gql-8-1"))
                .body("errors[0].extensions.type", equalTo("https://qbank.dev/problems/idempotency-key-reused"));
        graphql(key, "{ me { name attempts(first: 10) { edges { node { id question { number } } } } } }", Map.of())
                .body("data.me.name", equalTo("Grace"))
                .body("data.me.attempts.edges.node.id", contains(id));
        given().auth()
                .oauth2(key)
                .when()
                .get("/v1/attempts")
                .then()
                .statusCode(200)
                .body("data.id", contains(id));
    }

    @Test
    void meShowsProgressAndTheReviewQueueAsRestDoes() {
        String key = signUp();
        String started = Instant.now().minusSeconds(60).toString();
        for (String rating : List.of("AGAIN", "GOOD")) {
            graphql(
                            key,
                            "mutation { recordAttempt(input: {question: 22, answer: \"a\", rating: " + rating
                                    + ", durationMs: 1, " + "startedAt: \"" + started + "\"}) { id } }",
                            Map.of())
                    .body("errors", nullValue());
        }
        graphql(
                        key,
                        "{ me { progress { currentStreakDays longestStreakDays overall { questionsTotal questionsAttempted attempts "
                                + "ratings { again good } } categories { slug questionsTotal questionsAttempted attempts lastAttemptAt } } } }",
                        Map.of())
                .body("errors", nullValue())
                .body("data.me.progress.overall.questionsTotal", equalTo(40))
                .body("data.me.progress.overall.questionsAttempted", equalTo(1))
                .body("data.me.progress.overall.attempts", equalTo(2))
                .body("data.me.progress.overall.ratings.again", equalTo(1))
                .body("data.me.progress.overall.ratings.good", equalTo(1))
                .body("data.me.progress.currentStreakDays", equalTo(1))
                .body(
                        "data.me.progress.categories.slug",
                        contains("rest-apis", "databases", "caching", "security", "microservices"))
                .body("data.me.progress.categories[2].questionsAttempted", equalTo(1))
                .body("data.me.progress.categories[0].lastAttemptAt", nullValue());

        // The queue: nothing is due yet (the GOOD attempt scheduled question 22 a day out), so the first entries are
        // never-attempted questions; a page's endCursor is a REST next_cursor and the other way round.
        var first = graphql(
                        key,
                        "{ me { due(first: 3) { edges { cursor node { dueAt lastRating question { number category { slug } } } } "
                                + "pageInfo { hasNextPage endCursor } } } }",
                        Map.of())
                .body("errors", nullValue())
                .body("data.me.due.edges.node.question.number", contains(1, 2, 3))
                .body("data.me.due.edges[0].node.dueAt", nullValue())
                .body("data.me.due.edges[0].node.question.category.slug", equalTo("rest-apis"))
                .body("data.me.due.pageInfo.hasNextPage", equalTo(true))
                .extract()
                .jsonPath();
        String end = first.getString("data.me.due.pageInfo.endCursor");
        given().auth()
                .oauth2(key)
                .queryParam("limit", 3)
                .queryParam("cursor", end)
                .when()
                .get("/v1/users/me/due")
                .then()
                .statusCode(200)
                .body("data.question", contains(4, 5, 6));
        String restCursor = given().auth()
                .oauth2(key)
                .queryParam("limit", 3)
                .when()
                .get("/v1/users/me/due")
                .then()
                .statusCode(200)
                .extract()
                .jsonPath()
                .getString("page.next_cursor");
        graphql(
                        key,
                        "query($c: String) { me { due(first: 2, after: $c) { edges { node { question { number } } } } } }",
                        Map.of("c", restCursor))
                .body("errors", nullValue())
                .body("data.me.due.edges.node.question.number", contains(4, 5));
        graphql(
                        key,
                        "{ me { due(first: 50, includeNew: false) { edges { node { question { number } } } } } }",
                        Map.of())
                .body("errors", nullValue())
                .body("data.me.due.edges", org.hamcrest.Matchers.empty());
        // The cursor is bound to its options, as in REST.
        graphql(
                        key,
                        "query($c: String) { me { due(first: 2, after: $c, includeNew: false) { edges { cursor } } } }",
                        Map.of("c", end))
                .body("errors[0].extensions.type", equalTo("https://qbank.dev/problems/invalid-cursor"));
    }

    @Test
    void recordAttemptRefusesWhatPostAttemptsRefuses() {
        String key = signUp();
        String mutation = "mutation($input: AttemptInput!) { recordAttempt(input: $input) { id } }";
        graphql(
                        key,
                        mutation,
                        Map.of(
                                "input",
                                Map.of(
                                        "question",
                                        8,
                                        "answer",
                                        "x".repeat(10_001),
                                        "rating",
                                        "GOOD",
                                        "durationMs",
                                        -5)))
                .body("data", nullValue())
                .body("errors[0].extensions.type", equalTo("https://qbank.dev/problems/invalid-parameters"))
                .body("errors[0].extensions.invalid_params.name", contains("answer", "durationMs"));
        graphql(
                        key,
                        mutation,
                        Map.of("input", Map.of("question", 999, "answer", "x", "rating", "GOOD", "durationMs", 5)))
                .body("errors[0].extensions.invalid_params[0].name", equalTo("question"));
        graphql(
                        key,
                        mutation,
                        Map.of("input", Map.of("question", 8, "answer", "x", "rating", "PERFECT", "durationMs", 5)))
                .body("errors[0].extensions.classification", equalTo("ValidationError"));
    }

    @Test
    void nestedFieldsAreBatchedSoFortyQuestionsCostWhatFiveCost() {
        String key = signUp();
        for (int number : List.of(2, 22, 38)) {
            graphql(
                            key,
                            "mutation { recordAttempt(input: {question: " + number
                                    + ", answer: \"a\", rating: EASY, durationMs: 1, " + "startedAt: \""
                                    + Instant.now().minusSeconds(30) + "\"}) { id } }",
                            Map.of())
                    .body("errors", nullValue());
        }
        String query =
                "query($n: Int) { questions(first: $n) { edges { node { number category { name questions { number } } "
                        + "myAttempts { rating question { number category { slug } } } } } } }";
        graphql(key, query, Map.of("n", 1)); // warm-up: key's last_used_at is written at most once a minute
        long five = statementsFor(key, query, 5);
        long forty = statementsFor(key, query, 40);
        // A few statements whatever the size (questions, their categories, those categories' questions, attempts):
        // eight times the rows add at most a few statements (5 questions span 1 category, 40 span all 5), never one
        // per row as an N+1 would (40+).
        assertTrue(
                forty - five <= 5,
                "the statements do not grow with the rows: " + five + " for 5, " + forty + " for 40");
        assertTrue(
                forty <= 12, "a handful of statements for 40 questions with their categories and attempts: " + forty);
        graphql(key, query, Map.of("n", 40))
                .body("data.questions.edges", hasSize(40))
                .body(
                        "data.questions.edges.find { it.node.number == 22 }.node.myAttempts[0].question.category.slug",
                        equalTo("caching"))
                .body("data.questions.edges.find { it.node.number == 1 }.node.myAttempts", hasSize(0))
                .body("data.questions.edges.find { it.node.number == 38 }.node.myAttempts", hasSize(1));
    }

    /**
     * The statements one request prepares. Hibernate's statistics are global, and the import and webhook workers poll
     * every second (about three statements a run), so a slow request can be charged a run or two of theirs: the
     * fewest of three identical requests is the request's own count (background work only ever adds).
     */
    private long statementsFor(String key, String query, int n) {
        var statistics = sessionFactory.getStatistics();
        long fewest = Long.MAX_VALUE;
        for (int run = 0; run < 3; run++) {
            statistics.clear();
            graphql(key, query, Map.of("n", n)).body("errors", nullValue()).body("data.questions.edges", hasSize(n));
            fewest = Math.min(fewest, statistics.getPrepareStatementCount());
        }
        return fewest;
    }

    @Test
    void aClientThatAcceptsAnythingGetsApplicationJsonAndOurHeaders() {
        given().contentType("application/json")
                .body(Map.of("query", "{ question(number: 1) { number } }"))
                .header("X-Request-Id", "graphql-1")
                .when()
                .post("/graphql")
                .then()
                .statusCode(200)
                .contentType(containsString("application/json"))
                .header("X-Request-Id", equalTo("graphql-1"))
                .header("X-Content-Type-Options", equalTo("nosniff"));
    }

    @Test
    void aQueryWhoseAnswerWouldBeTooLargeIsRefusedBeforeItRuns() {
        // Ten fields, but 20 x 10 x 10 x 10 questions: the cost counts what the lists can hold.
        graphql(
                        "{ questions { edges { node { category { questions { category { questions { category { questions { number } } } } } } } } } }")
                .body("data", nullValue())
                .body("errors[0].message", containsString("maximum query complexity exceeded 24481 > 5000"));
        StringBuilder aliases = new StringBuilder("{");
        for (int i = 0; i < 20; i++) {
            aliases.append(" q").append(i).append(": questions(first: 100) { edges { node { number text } } }");
        }
        graphql(aliases.append(" }").toString())
                .body("data", nullValue())
                .body("errors[0].message", containsString("maximum query complexity exceeded"));
    }

    @Test
    void tooDeepAQueryIsRefusedBeforeItRuns() {
        graphql("{ __schema { types { fields { type { " + "ofType { ".repeat(11) + "name" + " }".repeat(11)
                        + " } } } } }")
                .body("errors[0].message", containsString("maximum query depth exceeded"));
    }

    @Test
    void introspectionWorksForClientTooling() {
        String introspection =
                "query IntrospectionQuery { __schema { queryType { name } mutationType { name } types { ...FullType } "
                        + "directives { name locations args { ...InputValue } } } } "
                        + "fragment FullType on __Type { kind name fields(includeDeprecated: true) { name args { ...InputValue } type { ...TypeRef } "
                        + "isDeprecated } inputFields { ...InputValue } interfaces { ...TypeRef } enumValues(includeDeprecated: true) { name } "
                        + "possibleTypes { ...TypeRef } } "
                        + "fragment InputValue on __InputValue { name type { ...TypeRef } defaultValue } "
                        + "fragment TypeRef on __Type { kind name ofType { kind name ofType { kind name ofType { kind name ofType { kind name "
                        + "ofType { kind name ofType { kind name ofType { kind name } } } } } } } }";
        graphql(introspection).body("errors", nullValue()).body("data.__schema.queryType.name", equalTo("Query"));
    }

    @Test
    void enumsAndDifficultiesFilterLikeRest() {
        graphql(
                        "{ questions(first: 100, filter: {difficulty: SENIOR, category: \"microservices\"}) { edges { node { difficulty } } } }")
                .body("data.questions.edges.node.difficulty", everyItem(equalTo("SENIOR")));
        graphql("{ questions(filter: {category: \"cooking\"}) { edges { node { number } } } }")
                .body("errors[0].extensions.invalid_params[0].name", equalTo("category"));
    }
}

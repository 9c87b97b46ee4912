package dev.qbank.changes;

import static dev.qbank.support.Keys.asAdmin;
import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.empty;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.notNullValue;
import static org.hamcrest.Matchers.nullValue;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.qbank.support.ApiTest;
import dev.qbank.support.Keys;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import javax.sql.DataSource;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * The change feed: every committed change to the bank, in commit order, with tombstones, paged, resumable from a
 * token, and gone (410) past the retention window. The last test prunes the feed, so it runs last.
 */
@QuarkusTest
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ChangeFeedTest extends ApiTest {

    @Inject
    ChangeFeed feed;

    @Inject
    EntityManager em;

    @Inject
    DataSource dataSource;

    /** Every change after {@code since} (null: from the beginning), following next_cursor; and the final token. */
    record Read(List<Map<String, Object>> changes, String syncToken) {
        List<String> types() {
            return changes.stream().map(c -> (String) c.get("type")).toList();
        }
    }

    static Read readAll(String since, int limit) {
        List<Map<String, Object>> changes = new ArrayList<>();
        String cursor = null;
        while (true) {
            var request = given().queryParam("limit", limit);
            if (since != null) {
                request.queryParam("since", since);
            }
            if (cursor != null) {
                request.queryParam("cursor", cursor);
            }
            JsonPath page = request.when()
                    .get("/v1/changes")
                    .then()
                    .statusCode(200)
                    .extract()
                    .jsonPath();
            changes.addAll(page.getList("data"));
            cursor = page.getString("page.next_cursor");
            if (!page.getBoolean("page.has_more")) {
                return new Read(changes, page.getString("sync_token"));
            }
        }
    }

    static String head() {
        return readAll(null, 100).syncToken();
    }

    /** The categories a test made: emptied and deleted after it, so that the seeded bank other tests count is intact. */
    private final List<String> created = new ArrayList<>();

    @AfterEach
    void deleteWhatTheTestCreated() {
        for (String slug : created) {
            List<Integer> numbers = given().queryParam("limit", 100)
                    .get("/v1/categories/" + slug + "/questions")
                    .then()
                    .extract()
                    .path("data.number");
            if (numbers != null) {
                numbers.forEach(n -> asAdmin().delete("/v1/questions/" + n));
            }
            asAdmin().delete("/v1/categories/" + slug);
        }
    }

    private String createCategory() {
        String slug = "feed-" + Keys.unique();
        created.add(slug);
        asAdmin()
                .contentType("application/json")
                .body(Map.of("slug", slug, "name", "Feed " + slug, "description", "A category of ChangeFeedTest."))
                .when()
                .post("/v1/categories")
                .then()
                .statusCode(201);
        return slug;
    }

    private static int createQuestion(String slug, String text) {
        return asAdmin()
                .contentType("application/json")
                .body(Map.of("text", text, "category", slug, "difficulty", "mid"))
                .when()
                .post("/v1/questions")
                .then()
                .statusCode(201)
                .extract()
                .path("number");
    }

    @Test
    @Order(1)
    void theFeedReadFromItsBeginningRebuildsTheWholeBank() {
        Map<String, Map<String, Object>> questions = new HashMap<>();
        Map<String, Map<String, Object>> categories = new HashMap<>();
        for (Map<String, Object> change : readAll(null, 100).changes()) {
            @SuppressWarnings("unchecked")
            Map<String, Object> resource = (Map<String, Object>) change.get("resource");
            boolean question = ((String) change.get("type")).startsWith("question.");
            String key = question ? String.valueOf(change.get("number")) : (String) change.get("slug");
            Map<String, Map<String, Object>> copy = question ? questions : categories;
            if (resource == null) {
                copy.remove(key);
            } else {
                copy.put(key, resource);
            }
        }
        List<Map<String, Object>> liveQuestions = given().queryParam("limit", 100)
                .get("/v1/questions")
                .then()
                .statusCode(200)
                .extract()
                .jsonPath()
                .getList("data");
        List<Map<String, Object>> liveCategories = given().queryParam("limit", 100)
                .get("/v1/categories")
                .then()
                .statusCode(200)
                .extract()
                .jsonPath()
                .getList("data");
        assertEquals(liveQuestions.size(), questions.size());
        assertEquals(liveCategories.size(), categories.size());
        liveQuestions.forEach(q -> assertEquals(q, questions.get(String.valueOf(q.get("number")))));
        liveCategories.forEach(c -> assertEquals(c, categories.get((String) c.get("slug"))));
    }

    @Test
    @Order(2)
    void aCategorysAndAQuestionsLivesShowInCommitOrderWithTombstones() {
        String token = head();
        String slug = createCategory();
        int number = createQuestion(slug, "How does a change feed keep commit order? " + slug);
        String etag = given().get("/v1/questions/" + number).then().extract().header("ETag");
        asAdmin()
                .contentType("application/merge-patch+json")
                .header("If-Match", etag)
                .body(Map.of("difficulty", "senior"))
                .when()
                .patch("/v1/questions/" + number)
                .then()
                .statusCode(200);
        Read live = readAll(token, 100);
        assertEquals(
                List.of("category.created", "question.created", "category.updated", "question.updated"), live.types());
        // What is not a tombstone carries the resource as it is now: the question is senior, its category holds it.
        assertEquals("senior", ((Map<?, ?>) live.changes().get(1).get("resource")).get("difficulty"));
        assertEquals(1, ((Map<?, ?>) live.changes().get(0).get("resource")).get("question_count"));
        assertEquals(number, live.changes().get(1).get("number"));
        assertEquals(slug, live.changes().get(0).get("slug"));

        asAdmin().when().delete("/v1/questions/" + number).then().statusCode(204);
        asAdmin().when().delete("/v1/categories/" + slug).then().statusCode(204);
        Read all = readAll(token, 100);
        assertEquals(
                List.of(
                        "category.created",
                        "question.created",
                        "category.updated",
                        "question.updated",
                        "question.deleted",
                        "category.updated",
                        "category.deleted"),
                all.types());
        // Deleted since: every entry about them now carries null, and the tombstones only their number or slug.
        all.changes().forEach(change -> assertNull(change.get("resource"), change.toString()));
        assertEquals(number, all.changes().get(4).get("number"));
        assertEquals(slug, all.changes().get(6).get("slug"));
        long previous = 0;
        for (Map<String, Object> change : all.changes()) {
            long sequence = ((Number) change.get("sequence")).longValue();
            assertTrue(sequence > previous, "sequences increase: " + all.changes());
            previous = sequence;
            assertNotNull(change.get("changed_at"));
        }

        // Reading on from the first read's token gives exactly the rest.
        assertEquals(all.types().subList(4, 7), readAll(live.syncToken(), 100).types());
        // And from the latest token, nothing: the same token comes back.
        given().queryParam("since", all.syncToken())
                .when()
                .get("/v1/changes")
                .then()
                .statusCode(200)
                .body("data", empty())
                .body("page.has_more", equalTo(false))
                .body("sync_token", equalTo(all.syncToken()));
    }

    @Test
    @Order(3)
    void pagesOfTwoFollowNextCursorsToTheSameChangesAndToken() {
        String token = head();
        String slug = createCategory();
        for (int i = 0; i < 3; i++) {
            createQuestion(slug, "Paging the change feed, question " + i + " of " + slug);
        }
        Read byHundred = readAll(token, 100);
        Read byTwo = readAll(token, 2);
        assertEquals(byHundred.changes(), byTwo.changes());
        assertEquals(byHundred.syncToken(), byTwo.syncToken());
        // 3 questions and one category.updated per transaction that changed the category's question count.
        assertEquals(7, byTwo.changes().size());
        given().queryParam("since", token)
                .queryParam("limit", 2)
                .when()
                .get("/v1/changes")
                .then()
                .statusCode(200)
                .header("Link", containsString("rel=\"next\""))
                .body("page.has_more", equalTo(true))
                .body("page.next_cursor", notNullValue())
                .body("sync_token", notNullValue());
    }

    @Test
    @Order(4)
    void anUnchangedFeedRevalidatesWith304() {
        String token = head();
        String etag = given().queryParam("since", token)
                .when()
                .get("/v1/changes")
                .then()
                .statusCode(200)
                .extract()
                .header("ETag");
        given().queryParam("since", token)
                .header("If-None-Match", etag)
                .when()
                .get("/v1/changes")
                .then()
                .statusCode(304);
        createCategory();
        given().queryParam("since", token)
                .header("If-None-Match", etag)
                .when()
                .get("/v1/changes")
                .then()
                .statusCode(200)
                .body("data.type", equalTo(List.of("category.created")));
    }

    @Test
    @Order(5)
    void writesMadeStraightInSqlAreInTheFeedAndACategoryIsUpdatedOncePerTransaction() {
        String slug = createCategory();
        String token = head();
        QuarkusTransaction.requiringNew().run(() -> {
            for (int i = 0; i < 3; i++) {
                em.createNativeQuery("""
                                INSERT INTO questions (number, category_id, text, difficulty)
                                SELECT (SELECT max(number) + 1 FROM questions), id, :text, 'junior'
                                FROM categories WHERE slug = :slug AND deleted_at IS NULL""")
                        .setParameter("text", "Inserted in SQL, " + i + ", " + slug)
                        .setParameter("slug", slug)
                        .executeUpdate();
            }
        });
        assertEquals(
                List.of("question.created", "category.updated", "question.created", "question.created"),
                readAll(token, 100).types());
    }

    @Test
    @Order(6)
    void aWriteThatFailsLeavesNoChange() {
        String slug = createCategory();
        String text = "Only once in the bank, " + slug;
        createQuestion(slug, text);
        String token = head();
        asAdmin()
                .contentType("application/json")
                .body(Map.of("text", text, "category", slug, "difficulty", "mid"))
                .when()
                .post("/v1/questions")
                .then()
                .statusCode(409);
        assertEquals(List.of(), readAll(token, 100).changes());
    }

    /**
     * The case a sequence drawn at write time gets wrong: T1 writes first but commits last. A client that reads between
     * the two commits must still get T1's change on its next read, after the token it was given.
     */
    @Test
    @Order(6)
    void aChangeThatCommitsLateIsNotSkippedByAReaderWhoReadBetween() throws Exception {
        String slug = createCategory();
        int first = createQuestion(slug, "Written first, committed last, " + slug);
        int second = createQuestion(slug, "Written second, committed first, " + slug);
        String token = head();
        try (Connection t1 = dataSource.getConnection();
                Connection t2 = dataSource.getConnection()) {
            t1.setAutoCommit(false);
            t2.setAutoCommit(false);
            update(t1, first);
            update(t2, second);
            t2.commit();
            Read between = readAll(token, 100);
            assertEquals(List.of("question.updated"), between.types());
            assertEquals(second, between.changes().get(0).get("number"));
            t1.commit();
            Read after = readAll(between.syncToken(), 100);
            assertEquals(List.of("question.updated"), after.types());
            assertEquals(first, after.changes().get(0).get("number"));
        }
    }

    private static void update(Connection transaction, int number) throws Exception {
        try (PreparedStatement update = transaction.prepareStatement(
                "UPDATE questions SET notes = 'edited', version = version + 1 WHERE number = ?")) {
            update.setInt(1, number);
            assertEquals(1, update.executeUpdate());
        }
    }

    @Test
    @Order(7)
    void aTokenThatIsNotTheFeedsIsA400NamingSince() {
        String questionsCursor = given().queryParam("limit", 1)
                .get("/v1/questions")
                .then()
                .extract()
                .path("page.next_cursor");
        for (String token : List.of("not-a-token", questionsCursor)) {
            given().queryParam("since", token)
                    .when()
                    .get("/v1/changes")
                    .then()
                    .statusCode(400)
                    .contentType("application/problem+json")
                    .body("type", equalTo("https://qbank.dev/problems/invalid-cursor"))
                    .body("invalid_params.name", hasItem("since"));
        }
    }

    @Test
    @Order(8)
    void updatedSinceListsOnlyWhatChangedSince() {
        Instant before = Instant.now().truncatedTo(ChronoUnit.MILLIS).minusMillis(1);
        String slug = createCategory();
        int number = createQuestion(slug, "Which rows changed since my last download? " + slug);
        given().queryParam("updated_since", before.toString())
                .queryParam("limit", 100)
                .when()
                .get("/v1/questions")
                .then()
                .statusCode(200)
                .body("data.number", hasItem(number))
                .body("data.number", not(hasItem(1)));
        given().queryParam("updated_since", before.toString())
                .when()
                .get("/v1/categories/" + slug + "/questions")
                .then()
                .statusCode(200)
                .body("data.number", equalTo(List.of(number)));
        given().queryParam("updated_since", before.toString())
                .queryParam("limit", 100)
                .when()
                .get("/v1/categories")
                .then()
                .statusCode(200)
                .body("data.slug", hasItem(slug))
                .body("data.slug", not(hasItem("rest-apis")));
        given().queryParam("updated_since", before.toString())
                .queryParam("format", "json")
                .when()
                .get("/v1/questions/export")
                .then()
                .statusCode(200)
                .body("number", equalTo(List.of(number)));
        given().queryParam("updated_since", "yesterday")
                .when()
                .get("/v1/questions")
                .then()
                .statusCode(400)
                .contentType("application/problem+json")
                .body("invalid_params.name", hasItem("updated_since"));
    }

    @Test
    @Order(100)
    void aTokenOlderThanTheRetentionWindowIsGoneWithATokenToReadOnFrom() {
        String old = head();
        String slug = createCategory();
        Instant after = Instant.now().plusMillis(1);
        String kept = readAll(old, 100).syncToken();
        assertTrue(feed.prune(after) > 0);
        String newer = createCategory();

        String resync = given().queryParam("since", old)
                .when()
                .get("/v1/changes")
                .then()
                .statusCode(410)
                .contentType("application/problem+json")
                .body("type", equalTo("https://qbank.dev/problems/sync-token-expired"))
                .body("detail", containsString("download the bank again"))
                .body("sync_token", notNullValue())
                .extract()
                .path("sync_token");
        // From the beginning is gone too, now that the beginning was pruned.
        given().when().get("/v1/changes").then().statusCode(410);
        // The token at the pruned horizon still reads on: nothing after it was lost.
        assertEquals(List.of("category.created"), readAll(kept, 100).types());
        assertEquals(newer, readAll(kept, 100).changes().get(0).get("slug"));
        // The problem's token is the head: reading from it gives what comes next.
        assertEquals(List.of(), readAll(resync, 100).changes());
        asAdmin().when().delete("/v1/categories/" + slug).then().statusCode(204);
        given().queryParam("since", resync)
                .when()
                .get("/v1/changes")
                .then()
                .statusCode(200)
                .body("data.type", equalTo(List.of("category.deleted")))
                .body("data[0].resource", nullValue());
    }
}

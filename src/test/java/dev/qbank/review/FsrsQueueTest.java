package dev.qbank.review;

import static dev.qbank.support.Keys.asAdmin;
import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.qbank.support.ApiTest;
import dev.qbank.support.Eventually;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import io.restassured.specification.RequestSpecification;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * FSRS-6 in the API: new learners' default, their settings (PATCH /v1/users/me with If-Match, replayed), the queue's
 * memory states and previews, a question's card, deletions replayed, and the one-off move of existing learners.
 */
@QuarkusTest
class FsrsQueueTest extends ApiTest {

    private static final long MINUTE = 60;
    private static final long DAY = 86_400;

    @Inject
    EntityManager em;

    @Inject
    FsrsMigration migration;

    private record Learner(UUID id, String key) {
        RequestSpecification request() {
            return given().header("Authorization", "Bearer " + key);
        }
    }

    private static Learner signUp() {
        JsonPath created = given().contentType("application/json")
                .body(Map.of("name", "Fern"))
                .when()
                .post("/v1/users")
                .then()
                .statusCode(201)
                .extract()
                .jsonPath();
        return new Learner(UUID.fromString(created.getString("user.id")), created.getString("api_key.secret"));
    }

    private static String attempt(Learner learner, int question, String rating) {
        return learner.request()
                .contentType("application/json")
                .body(Map.of("question", question, "answer", "An answer", "rating", rating, "duration_ms", 20_000))
                .when()
                .post("/v1/attempts")
                .then()
                .statusCode(201)
                .extract()
                .path("id");
    }

    private static JsonPath card(Learner learner, int question) {
        return learner.request()
                .when()
                .get("/v1/questions/" + question + "/attempts")
                .then()
                .statusCode(200)
                .extract()
                .jsonPath();
    }

    private static JsonPath queue(Learner learner) {
        return learner.request()
                .queryParam("limit", 100)
                .when()
                .get("/v1/users/me/due")
                .then()
                .statusCode(200)
                .extract()
                .jsonPath();
    }

    private static io.restassured.response.ValidatableResponse patch(
            Learner learner, String ifMatch, Map<String, ?> body) {
        RequestSpecification request = learner.request().contentType("application/merge-patch+json");
        if (ifMatch != null) {
            request.header("If-Match", ifMatch);
        }
        return request.body(body).when().patch("/v1/users/me").then();
    }

    private static String etag(Learner learner) {
        return learner.request()
                .get("/v1/users/me")
                .then()
                .statusCode(200)
                .extract()
                .header("ETag");
    }

    private static long seconds(JsonPath json, String path) {
        return json.getLong(path);
    }

    @Test
    void aNewLearnerIsOnFsrsAndEachButtonPreviewsItsInterval() {
        Learner fern = signUp();
        fern.request()
                .get("/v1/users/me")
                .then()
                .body("scheduler", equalTo("fsrs"))
                .body("desired_retention", equalTo(0.9f));
        JsonPath first = queue(fern);
        assertEquals(1, first.getInt("data[0].question"));
        assertNull(first.get("data[0].memory"));
        // A new card: again and hard stay in the learning steps (1 min; the mean of 1 and 10 min), good takes the
        // second step (10 min), easy goes to review after S0(easy) = w3 = 8.2956 days, at R = 0.9 exactly 8 days.
        assertEquals(MINUTE, seconds(first, "data[0].previews.again.interval_seconds"));
        assertEquals(330, seconds(first, "data[0].previews.hard.interval_seconds"));
        assertEquals(10 * MINUTE, seconds(first, "data[0].previews.good.interval_seconds"));
        assertEquals(8 * DAY, seconds(first, "data[0].previews.easy.interval_seconds"));
    }

    @Test
    void anAnswerMakesACardWithItsMemoryStateAndTheQueueShowsItWhenDue() {
        Learner fern = signUp();
        attempt(fern, 1, "good");
        JsonPath card = card(fern, 1);
        assertEquals("fsrs", card.getString("card.scheduler"));
        assertEquals("learning", card.getString("card.memory.state"));
        assertEquals(2.3065, card.getDouble("card.memory.stability"), 1e-4); // S0(good) = w2
        assertEquals(1, card.getInt("card.memory.reviews"));
        Instant due = Instant.parse(card.getString("card.due_at"));
        Instant last = Instant.parse(card.getString("card.memory.last_review_at"));
        assertEquals(Duration.ofMinutes(10), Duration.between(last, due));
        // Not due for ten minutes: not in the queue, which starts with the new question 2.
        assertFalse(queue(fern).getList("data.question", Integer.class).contains(1));

        // Ten minutes later (the card moved back in time): due, first, with its memory state.
        QuarkusTransaction.requiringNew()
                .run(() -> em.createNativeQuery("""
                                UPDATE review_cards SET due_at = due_at - interval '1 hour',
                                                        last_review_at = last_review_at - interval '1 hour'
                                WHERE user_id = ?1""").setParameter(1, fern.id()).executeUpdate());
        JsonPath queue = queue(fern);
        assertEquals(1, queue.getInt("data[0].question"));
        assertEquals("learning", queue.getString("data[0].memory.state"));
        assertTrue(queue.getDouble("data[0].memory.retrievability") > 0.9);
        // Good on the last learning step graduates the card to review: at least a day.
        assertTrue(seconds(queue, "data[0].previews.good.interval_seconds") >= DAY);
    }

    @Test
    void anAttemptSaysWhichSchedulerSetItsDueDate() {
        Learner fern = signUp();
        JsonPath fsrs = fern.request()
                .contentType("application/json")
                .body(Map.of("question", 9, "answer", "An answer", "rating", "good", "duration_ms", 1_000))
                .when()
                .post("/v1/attempts")
                .then()
                .statusCode(201)
                .extract()
                .jsonPath();
        assertEquals("fsrs", fsrs.getString("scheduler"));
        assertEquals(
                Duration.ofMinutes(10),
                Duration.between(Instant.parse(fsrs.getString("created_at")), Instant.parse(fsrs.getString("due_at"))));
        patch(fern, etag(fern), Map.of("scheduler", "sm2")).statusCode(200);
        JsonPath sm2 = fern.request()
                .contentType("application/json")
                .body(Map.of("question", 10, "answer", "An answer", "rating", "good", "duration_ms", 1_000))
                .when()
                .post("/v1/attempts")
                .then()
                .statusCode(201)
                .extract()
                .jsonPath();
        assertEquals("sm2", sm2.getString("scheduler"));
        assertEquals(
                Duration.ofDays(1),
                Duration.between(Instant.parse(sm2.getString("created_at")), Instant.parse(sm2.getString("due_at"))));
        // The first attempt keeps the date FSRS-6 gave it.
        assertEquals(
                "fsrs",
                fern.request()
                        .get("/v1/attempts/" + fsrs.getString("id"))
                        .then()
                        .extract()
                        .path("scheduler"));
    }

    @Test
    void settingsChangeOnlyWithTheCurrentEtagAndAHigherRetentionShortensTheIntervals() {
        Learner fern = signUp();
        attempt(fern, 2, "easy");
        Instant dueAt90 = Instant.parse(card(fern, 2).getString("card.due_at"));

        patch(fern, null, Map.of("desired_retention", 0.97)).statusCode(428);
        patch(fern, "\"stale\"", Map.of("desired_retention", 0.97)).statusCode(412);
        String etag = etag(fern);
        patch(fern, etag, Map.of("scheduler", "leitner"))
                .statusCode(400)
                .contentType("application/problem+json")
                .body("invalid_params.name", hasItem("scheduler"));
        patch(fern, etag, Map.of("desired_retention", 0.5))
                .statusCode(400)
                .body("invalid_params.name", hasItem("desired_retention"));
        patch(fern, etag, Map.of("desired_retention", 0.955)).statusCode(400);
        patch(fern, etag, Map.of("name", "Someone else")).statusCode(400).body("invalid_params.name", hasItem("name"));
        asAdmin()
                .contentType("application/merge-patch+json")
                .header("If-Match", "*")
                .body(Map.of("scheduler", "sm2"))
                .when()
                .patch("/v1/users/me")
                .then()
                .statusCode(403);

        patch(fern, etag, Map.of("desired_retention", 0.97))
                .statusCode(200)
                .body("desired_retention", equalTo(0.97f))
                .body("scheduler", equalTo("fsrs"));
        Instant dueAt97 = Instant.parse(card(fern, 2).getString("card.due_at"));
        assertTrue(dueAt97.isBefore(dueAt90), dueAt97 + " should be before " + dueAt90);
        // The old ETag no longer matches.
        patch(fern, etag, Map.of("desired_retention", 0.90)).statusCode(412);
    }

    @Test
    void switchingToSm2HandsTheDueDatesToSm2AndKeepsTheMemoryState() {
        Learner fern = signUp();
        attempt(fern, 3, "good");
        patch(fern, etag(fern), Map.of("scheduler", "sm2")).statusCode(200).body("scheduler", equalTo("sm2"));
        JsonPath card = card(fern, 3);
        assertEquals("sm2", card.getString("card.scheduler"));
        assertEquals("learning", card.getString("card.memory.state"));
        Instant last = Instant.parse(card.getString("card.memory.last_review_at"));
        // SM-2 schedules a first good answer a day later.
        assertEquals(
                Duration.ofDays(1).toSeconds(),
                Duration.between(last, Instant.parse(card.getString("card.due_at")))
                        .toSeconds(),
                1);
        assertEquals(6 * DAY, seconds(card, "card.previews.good.interval_seconds"));
    }

    @Test
    void deletingTheOnlyAttemptRemovesTheCard() {
        Learner fern = signUp();
        String id = attempt(fern, 4, "hard");
        assertEquals("learning", card(fern, 4).getString("card.memory.state"));
        fern.request().delete("/v1/attempts/" + id).then().statusCode(204);
        JsonPath card = card(fern, 4);
        assertNull(card.get("card.memory"));
        assertNull(card.get("card.due_at"));
    }

    @Test
    void graphqlServesTheMemoryStateAndThePreviewsToo() {
        Learner fern = signUp();
        attempt(fern, 7, "good");
        JsonPath graph = fern.request()
                .contentType("application/json")
                .body(Map.of(
                        "query",
                        "{ question(number: 7) { myState { scheduler dueAt memory { state stability reviews } "
                                + "previews { good { intervalSeconds } } } } "
                                + "me { scheduler desiredRetention due(first: 1) { edges { node { memory { state } "
                                + "previews { easy { intervalSeconds dueAt } } } } } } }"))
                .when()
                .post("/graphql")
                .then()
                .statusCode(200)
                .extract()
                .jsonPath();
        assertNull(graph.get("errors"));
        assertEquals("fsrs", graph.getString("data.question.myState.scheduler"));
        assertEquals("fsrs", graph.getString("data.me.scheduler"));
        assertEquals(0.9, graph.getDouble("data.me.desiredRetention"), 1e-9);
        assertEquals("learning", graph.getString("data.question.myState.memory.state"));
        assertEquals(2.3065, graph.getDouble("data.question.myState.memory.stability"), 1e-4);
        assertEquals(1, graph.getInt("data.question.myState.memory.reviews"));
        assertTrue(graph.getLong("data.question.myState.previews.good.intervalSeconds") >= DAY);
        // The queue's first item is the new question 1: no memory, easy previews 8 days.
        assertNull(graph.get("data.me.due.edges[0].node.memory"));
        assertEquals(8 * DAY, graph.getLong("data.me.due.edges[0].node.previews.easy.intervalSeconds"));
    }

    @Test
    void learnersFromBeforeFsrsAreReplayedAndMovedToIt() {
        Learner old = signUp();
        attempt(old, 5, "good");
        attempt(old, 6, "easy");
        attempt(old, 5, "again");
        List<Object> before = cards(old.id());
        // As V30 leaves a learner who had attempts: on SM-2, pending, without cards.
        QuarkusTransaction.requiringNew().run(() -> {
            em.createNativeQuery("UPDATE users SET scheduler = 'sm2', fsrs_replay_pending = true WHERE id = ?1")
                    .setParameter(1, old.id())
                    .executeUpdate();
            em.createNativeQuery("DELETE FROM review_cards WHERE user_id = ?1")
                    .setParameter(1, old.id())
                    .executeUpdate();
        });
        while (migration.migrateOne()) {
            // every pending learner (the scheduled run of the same job may take this one first: SKIP LOCKED)
        }
        Eventually.within(Duration.ofSeconds(30), "the learner moved to FSRS-6", () -> "fsrs"
                .equals(old.request().get("/v1/users/me").then().extract().path("scheduler")));
        assertEquals(before, cards(old.id()));
        assertEquals(2, before.size());
    }

    private List<Object> cards(UUID userId) {
        return QuarkusTransaction.requiringNew()
                .call(() -> em.createNativeQuery("""
                        SELECT question_number || ' ' || state || ' ' || step || ' ' || round(stability::numeric, 6)
                               || ' ' || round(difficulty::numeric, 6) || ' ' || due_at || ' ' || reviews || ' ' || lapses
                        FROM review_cards WHERE user_id = ?1 ORDER BY question_number""").setParameter(1, userId).getResultList());
    }
}

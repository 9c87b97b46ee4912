package dev.qbank.review;

import static dev.qbank.support.Keys.asAdmin;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.matchesPattern;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.qbank.review.fsrs.Parameters;
import dev.qbank.support.ApiTest;
import dev.qbank.support.Eventually;
import dev.qbank.support.Learner;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import io.restassured.response.Response;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * Per-learner FSRS-6 parameters: a fit job (202, polled until done, a new version, cards replayed), the threshold of
 * usable reviews, one fit at a time, and weights set by PUT under If-Match, validated weight by weight. The test profile
 * needs 30 usable reviews (qbank.fsrs.fit.min-reviews) and runs the worker itself.
 */
@QuarkusTest
class FsrsFitTest extends ApiTest {

    private static final int MIN_REVIEWS = 30;
    /** 15 questions answered 4 times, 3, 9 and 15 days apart: 45 usable reviews. */
    private static final int QUESTIONS = 15;

    @Inject
    EntityManager em;

    @Inject
    FsrsCards cards;

    @Inject
    FsrsFitWorker worker;

    /** A history spread over two months, written as attempts and replayed into cards with the default parameters. */
    private void giveHistory(Learner learner) {
        QuarkusTransaction.requiringNew().run(() -> {
            em.createNativeQuery("""
                            INSERT INTO attempts (id, user_id, question_number, answer, rating, duration_ms, created_at,
                                                  ease_before, ease_after, interval_days_before, interval_days_after,
                                                  repetitions_before, repetitions_after, due_at)
                            SELECT gen_random_uuid(), ?1, q, 'An answer',
                                   (ARRAY['again', 'hard', 'good', 'easy', 'good', 'good'])[1 + (q * 7 + k * 3) % 6],
                                   20000, now() - interval '60 days' + (k * k * 3) * interval '1 day' + q * interval '1 minute',
                                   2.5, 2.5, 0, 1, 0, 1, now()
                            FROM generate_series(1, ?2) q, generate_series(0, 3) k""")
                    .setParameter(1, learner.id())
                    .setParameter(2, QUESTIONS)
                    .executeUpdate();
            cards.replayAll(learner.id());
        });
    }

    /** The sum of the stabilities of the learner's cards: changed by a replay with other weights. */
    private double stability(Learner learner) {
        return QuarkusTransaction.requiringNew()
                .call(() -> ((Number) em.createNativeQuery("SELECT sum(stability) FROM review_cards WHERE user_id = ?1")
                                .setParameter(1, learner.id())
                                .getSingleResult())
                        .doubleValue());
    }

    private static Response postFit(Learner learner) {
        return learner.request().when().post("/v1/users/me/fsrs/fits");
    }

    /** Polls the job as a client would (running the worker meanwhile, as any instance may) until it has finished. */
    private JsonPath finished(Learner learner, String location) {
        JsonPath[] job = new JsonPath[1];
        Eventually.within(Duration.ofSeconds(60), "the fit to finish", () -> {
            worker.runPending();
            job[0] = learner.request()
                    .when()
                    .get(location)
                    .then()
                    .statusCode(200)
                    .extract()
                    .jsonPath();
            return List.of("succeeded", "failed").contains(job[0].getString("status"));
        });
        return job[0];
    }

    @Test
    void aLearnerWithTooFewReviewsIsToldHowManyTheyHaveAndNeed() {
        Learner learner = Learner.signUp();
        learner.record(1, "good");
        learner.record(1, "good"); // the same day: not a usable review

        postFit(learner)
                .then()
                .statusCode(409)
                .contentType("application/problem+json")
                .body("type", equalTo("https://qbank.dev/problems/not-enough-reviews"))
                .body("reviews", equalTo(0))
                .body("min_reviews", equalTo(MIN_REVIEWS))
                .body("detail", containsString("at least " + MIN_REVIEWS));
    }

    @Test
    void aFitIsAcceptedRunsAndBecomesTheLearnersParametersWithTheirCardsReplayed() {
        Learner learner = Learner.signUp();
        giveHistory(learner);
        double stabilityBefore = stability(learner);
        learner.request()
                .when()
                .get("/v1/users/me/fsrs/parameters")
                .then()
                .statusCode(200)
                .body("version", equalTo(0))
                .body("source", equalTo("default"))
                .body("weights", hasSize(21));

        Response accepted = postFit(learner);
        accepted.then()
                .statusCode(202)
                .header("Location", matchesPattern(".*/v1/users/me/fsrs/fits/[0-9a-f-]{36}"))
                .header("Retry-After", equalTo("2"))
                .body("status", equalTo("pending"))
                .body("reviews", equalTo(45));
        String location = accepted.header("Location");

        JsonPath job = finished(learner, location);
        assertEquals("succeeded", job.getString("status"), job.prettify());
        assertEquals(1, job.getInt("result.version"));
        assertEquals(45, job.getInt("result.reviews"));
        assertTrue(job.getDouble("result.log_loss_after") <= job.getDouble("result.log_loss_before"), job.prettify());
        assertTrue(job.getInt("result.evaluations") > 1);

        JsonPath parameters = learner.request()
                .when()
                .get("/v1/users/me/fsrs/parameters")
                .then()
                .statusCode(200)
                .body("version", equalTo(1))
                .body("source", equalTo("fitted"))
                .body("reviews", equalTo(45))
                .extract()
                .jsonPath();
        List<Float> weights = parameters.getList("weights", Float.class);
        assertEquals(21, weights.size());
        assertNotEquals(stabilityBefore, stability(learner), "the cards were replayed with the fitted weights");
    }

    @Test
    void aSecondFitWhileOneIsPendingIsAConflictNamingIt() {
        Learner learner = Learner.signUp();
        giveHistory(learner);
        String location = postFit(learner).then().statusCode(202).extract().header("Location");

        postFit(learner)
                .then()
                .statusCode(409)
                .contentType("application/problem+json")
                .body("type", equalTo("https://qbank.dev/problems/conflict"))
                .body("job", equalTo(location.substring(location.indexOf("/v1/"))));

        finished(learner, location);
        postFit(learner).then().statusCode(202);
    }

    @Test
    void anotherLearnersFitIsNotFoundAndTheAdminHasNone() {
        Learner owner = Learner.signUp();
        giveHistory(owner);
        String location = postFit(owner).then().statusCode(202).extract().header("Location");

        Learner.signUp().request().when().get(location).then().statusCode(404);
        asAdmin().when().get(location).then().statusCode(403);
        asAdmin().when().post("/v1/users/me/fsrs/fits").then().statusCode(403);
        owner.request()
                .when()
                .get("/v1/users/me/fsrs/fits/" + UUID.randomUUID())
                .then()
                .statusCode(404);
    }

    private static List<Object> weights(double... w) {
        List<Object> list = new ArrayList<>();
        Arrays.stream(w).forEach(list::add);
        return list;
    }

    private static Response put(Learner learner, String ifMatch, Object body) {
        var request = learner.json(body);
        if (ifMatch != null) {
            request.header("If-Match", ifMatch);
        }
        return request.when().put("/v1/users/me/fsrs/parameters");
    }

    @Test
    void parametersAreSetUnderIfMatchAsANewVersionAndEachWeightIsChecked() {
        Learner learner = Learner.signUp();
        giveHistory(learner);
        double stabilityBefore = stability(learner);
        String etag = learner.request()
                .when()
                .get("/v1/users/me/fsrs/parameters")
                .then()
                .statusCode(200)
                .extract()
                .header("ETag");
        double[] w = Parameters.DEFAULT.toArray();
        w[0] = 0.5;
        w[2] = 4.0;

        put(learner, null, Map.of("weights", weights(w))).then().statusCode(428);
        put(learner, "\"stale\"", Map.of("weights", weights(w))).then().statusCode(412);

        put(learner, etag, Map.of("weights", weights(Arrays.copyOf(w, 20))))
                .then()
                .statusCode(400)
                .contentType("application/problem+json")
                .body("invalid_params.name", equalTo(List.of("weights")))
                .body("invalid_params[0].reason", containsString("not 20"));
        double[] outOfBounds = w.clone();
        outOfBounds[4] = 20.0;
        put(learner, etag, Map.of("weights", weights(outOfBounds)))
                .then()
                .statusCode(400)
                .body("invalid_params.name", equalTo(List.of("weights[4]")))
                .body("invalid_params[0].reason", containsString("from 1.0 to 10.0"));
        List<Object> notANumber = weights(w);
        notANumber.set(7, "x");
        put(learner, etag, Map.of("weights", notANumber))
                .then()
                .statusCode(400)
                .body("invalid_params.name", equalTo(List.of("weights[7]")))
                .body("invalid_params[0].reason", equalTo("must be a number"));

        Response set = put(learner, etag, Map.of("weights", weights(w)));
        set.then()
                .statusCode(200)
                .body("version", equalTo(1))
                .body("source", equalTo("set"))
                .body("weights[0]", equalTo(0.5f));
        assertNotEquals(etag, set.header("ETag"));
        assertNotEquals(stabilityBefore, stability(learner), "the cards were replayed with the weights set");

        put(learner, etag, Map.of("weights", weights(w))).then().statusCode(412);
        put(learner, set.header("ETag"), Map.of("weights", weights(Parameters.DEFAULT.toArray())))
                .then()
                .statusCode(200)
                .body("version", equalTo(2));
    }
}

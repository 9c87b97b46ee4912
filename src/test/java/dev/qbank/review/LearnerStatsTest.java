package dev.qbank.review;

import static dev.qbank.db.Columns.instant;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.qbank.support.ApiTest;
import dev.qbank.support.Learner;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;

/**
 * The per-learner aggregates behind GET /v1/users/me/progress (learner_question_stats, learner_days), kept by triggers
 * on attempts: they must always equal a recomputation from the attempts, whoever writes them and however concurrently.
 */
@QuarkusTest
class LearnerStatsTest extends ApiTest {

    private static final List<String> RATINGS = List.of("again", "hard", "good", "easy");

    /** What the aggregates hold, and what a GROUP BY over the learner's attempts says they should hold. */
    private static final String STATS_SQL = """
            SELECT question_number, attempts, again, hard, good, easy, last_attempt_at
            FROM learner_question_stats WHERE user_id = ?1 ORDER BY question_number""";

    private static final String RECOMPUTED_STATS_SQL = """
            SELECT question_number, count(*), count(*) FILTER (WHERE rating = 'again'),
                   count(*) FILTER (WHERE rating = 'hard'), count(*) FILTER (WHERE rating = 'good'),
                   count(*) FILTER (WHERE rating = 'easy'), max(created_at)
            FROM attempts WHERE user_id = ?1 GROUP BY question_number ORDER BY question_number""";

    /** A day counts the questions answered on it (V35): an attempt at a question already answered that day changes no row. */
    private static final String DAYS_SQL = "SELECT day, questions FROM learner_days WHERE user_id = ?1 ORDER BY day";

    private static final String RECOMPUTED_DAYS_SQL = """
            SELECT CAST(created_at AT TIME ZONE 'UTC' AS date) AS day, count(DISTINCT question_number)
            FROM attempts WHERE user_id = ?1 GROUP BY 1 ORDER BY 1""";

    @Inject
    EntityManager em;

    @Test
    void concurrentRecordsAndDeletesThroughTheApiLeaveTheAggregatesExact() throws Exception {
        Learner ada = Learner.signUp();
        int threads = 8;
        int perThread = 25;
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        try {
            List<Future<Integer>> done = new ArrayList<>();
            for (int t = 0; t < threads; t++) {
                int thread = t;
                done.add(pool.submit(() -> {
                    int deleted = 0;
                    for (int i = 0; i < perThread; i++) {
                        // Four questions shared by every thread, so that writers meet on the same rows.
                        UUID attempt = ada.record(1 + (thread + i) % 4, RATINGS.get((thread * 7 + i) % 4));
                        // Every third attempt is deleted, most often the question's latest one.
                        if (i % 3 == 2) {
                            ada.request()
                                    .when()
                                    .delete("/v1/attempts/" + attempt)
                                    .then()
                                    .statusCode(204);
                            deleted++;
                        }
                    }
                    return deleted;
                }));
            }
            int deleted = 0;
            for (Future<Integer> f : done) {
                deleted += f.get();
            }
            assertEquals(threads * perThread - deleted, attemptCount(ada));
        } finally {
            pool.shutdownNow();
        }

        assertAggregatesMatchAttempts(ada);
        assertProgressMatchesAttempts(ada);
    }

    @Test
    void manyAttemptsAtOneQuestionOnOneDayCountTheDayOnceAndLeaveWithTheLast() {
        // The trigger counts a day's attempts at a question only as far as it needs to (V36): these statements add
        // and remove several at a time, on a day that already holds some.
        Learner ada = Learner.signUp();
        Instant noon = Instant.now()
                .truncatedTo(ChronoUnit.DAYS)
                .minus(3, ChronoUnit.DAYS)
                .plus(12, ChronoUnit.HOURS);
        String insert = """
                INSERT INTO attempts (id, user_id, question_number, answer, rating, duration_ms, created_at,
                    ease_before, ease_after, interval_days_before, interval_days_after,
                    repetitions_before, repetitions_after, due_at)
                SELECT gen_random_uuid(), ?1, 5, 'Again and again', 'good', 30000,
                       CAST(?2 AS timestamptz) + g * interval '1 minute', 2.5, 2.5, 0, 1, 0, 1, CAST(?2 AS timestamptz)
                FROM generate_series(1, ?3) g""";
        sql(insert, ada.id(), noon, 5);
        sql(insert, ada.id(), noon.plus(1, ChronoUnit.HOURS), 3);
        assertAggregatesMatchAttempts(ada);
        sql("""
                DELETE FROM attempts WHERE id IN (SELECT id FROM attempts WHERE user_id = ?1 ORDER BY created_at
                                                  LIMIT 6)""", ada.id());
        assertAggregatesMatchAttempts(ada);
        sql("DELETE FROM attempts WHERE user_id = ?1", ada.id());
        assertEquals(List.of(), rows(DAYS_SQL, ada));
    }

    @Test
    void attemptsInsertedMovedAndDeletedWithSqlKeepTheAggregatesExact() {
        Learner ada = Learner.signUp();
        ada.record(1, "good");
        ada.record(1, "again");
        ada.record(2, "easy");
        Instant now = Instant.now().truncatedTo(ChronoUnit.MICROS);

        sql("""
                INSERT INTO attempts (id, user_id, question_number, answer, rating, duration_ms, created_at,
                    ease_before, ease_after, interval_days_before, interval_days_after,
                    repetitions_before, repetitions_after, due_at)
                SELECT gen_random_uuid(), ?1, 1 + g % 3, 'An earlier answer', (ARRAY['again','hard','good','easy'])[1 + g % 4],
                       30000, CAST(?2 AS timestamptz) - g * interval '1 day', 2.5, 2.5, 0, 1, 0, 1, CAST(?2 AS timestamptz)
                FROM generate_series(1, 10) g""", ada.id(), now);
        assertAggregatesMatchAttempts(ada);

        // Moving the latest attempt of a question into the past, changing ratings and questions.
        sql("""
                UPDATE attempts SET created_at = created_at - interval '30 days'
                WHERE id = (SELECT id FROM attempts WHERE user_id = ?1 ORDER BY created_at DESC LIMIT 1)""", ada.id());
        sql("UPDATE attempts SET rating = 'easy' WHERE user_id = ?1 AND rating = 'again'", ada.id());
        sql("UPDATE attempts SET question_number = 7 WHERE user_id = ?1 AND question_number = 2", ada.id());
        // An update of nothing counted (as a delete's SM-2 replay makes).
        sql("UPDATE attempts SET ease_after = 2.4 WHERE user_id = ?1", ada.id());
        assertAggregatesMatchAttempts(ada);

        // Deleting the latest attempts of a question, then all of another's.
        sql("""
                DELETE FROM attempts WHERE id IN (SELECT id FROM attempts WHERE user_id = ?1 AND question_number = 1
                                                  ORDER BY created_at DESC LIMIT 2)""", ada.id());
        sql("DELETE FROM attempts WHERE user_id = ?1 AND question_number = 7", ada.id());
        assertAggregatesMatchAttempts(ada);
        assertProgressMatchesAttempts(ada);

        sql("DELETE FROM attempts WHERE user_id = ?1", ada.id());
        assertEquals(List.of(), rows(STATS_SQL, ada));
        assertEquals(List.of(), rows(DAYS_SQL, ada));
    }

    @Test
    void aDeletedLearnerLeavesNoAggregatesBehind() {
        Learner ada = Learner.signUp();
        ada.record(1, "good");
        ada.record(3, "hard");
        sql("DELETE FROM users WHERE id = ?1", ada.id());
        assertEquals(List.of(), rows(STATS_SQL, ada));
        assertEquals(List.of(), rows(DAYS_SQL, ada));
    }

    private void assertAggregatesMatchAttempts(Learner learner) {
        assertEquals(rows(RECOMPUTED_STATS_SQL, learner), rows(STATS_SQL, learner));
        assertEquals(rows(RECOMPUTED_DAYS_SQL, learner), rows(DAYS_SQL, learner));
    }

    /** The overall figures GET /v1/users/me/progress serves equal those counted from the attempts. */
    private void assertProgressMatchesAttempts(Learner learner) {
        Object[] expected = QuarkusTransaction.requiringNew()
                .call(() -> (Object[]) em.createNativeQuery("""
                        SELECT count(*), count(DISTINCT a.question_number), max(a.created_at),
                               count(*) FILTER (WHERE rating = 'again'), count(*) FILTER (WHERE rating = 'hard'),
                               count(*) FILTER (WHERE rating = 'good'), count(*) FILTER (WHERE rating = 'easy')
                        FROM attempts a JOIN questions q ON q.number = a.question_number AND q.deleted_at IS NULL
                        WHERE a.user_id = ?1""", Object[].class)
                        .setParameter(1, learner.id())
                        .getSingleResult());
        JsonPath progress = learner.request()
                .when()
                .get("/v1/users/me/progress")
                .then()
                .statusCode(200)
                .extract()
                .jsonPath();
        assertEquals(((Number) expected[0]).intValue(), progress.getInt("overall.attempts"));
        assertEquals(((Number) expected[1]).intValue(), progress.getInt("overall.questions_attempted"));
        String last = progress.getString("overall.last_attempt_at");
        assertEquals(expected[2] == null ? null : instant(expected[2]), last == null ? null : Instant.parse(last));
        assertEquals(
                Map.of(
                        "again", ((Number) expected[3]).intValue(),
                        "hard", ((Number) expected[4]).intValue(),
                        "good", ((Number) expected[5]).intValue(),
                        "easy", ((Number) expected[6]).intValue()),
                progress.getMap("overall.ratings"));
    }

    private List<List<String>> rows(String sql, Learner learner) {
        @SuppressWarnings("unchecked")
        List<Object[]> rows = QuarkusTransaction.requiringNew().call(() -> em.createNativeQuery(sql, Object[].class)
                .setParameter(1, learner.id())
                .getResultList());
        List<List<String>> out = new ArrayList<>();
        for (Object[] row : rows) {
            List<String> cells = new ArrayList<>();
            for (Object cell : row) {
                cells.add(String.valueOf(cell));
            }
            out.add(Collections.unmodifiableList(cells));
        }
        return out;
    }

    private int attemptCount(Learner learner) {
        return QuarkusTransaction.requiringNew()
                .call(() -> ((Number) em.createNativeQuery("SELECT count(*) FROM attempts WHERE user_id = ?1")
                                .setParameter(1, learner.id())
                                .getSingleResult())
                        .intValue());
    }

    private void sql(String sql, Object... parameters) {
        QuarkusTransaction.requiringNew().run(() -> {
            var query = em.createNativeQuery(sql);
            for (int i = 0; i < parameters.length; i++) {
                query.setParameter(i + 1, parameters[i]);
            }
            query.executeUpdate();
        });
    }
}

package dev.qbank.quiz;

import static dev.qbank.db.Columns.instant;

import dev.qbank.api.Link;
import dev.qbank.api.problem.Problem;
import dev.qbank.api.problem.ProblemException;
import dev.qbank.api.problem.ProblemType;
import dev.qbank.db.Ids;
import dev.qbank.question.QuestionFilter;
import dev.qbank.question.QuestionService;
import dev.qbank.question.QuestionView;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import jakarta.persistence.Query;
import jakarta.transaction.Transactional;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * Quizzes that never repeat a question: each user has a pool of questions not yet served (the bank less the rows of
 * served_questions), a quiz draws from it at random, and a reset empties the served set. Unlike OpenTDB's session
 * tokens, which expire after six hours of inactivity, the pool is kept as long as the user exists.
 */
@ApplicationScoped
@Transactional
public class QuizService {

    private final EntityManager em;
    private final QuestionService questions;

    public QuizService(EntityManager em, QuestionService questions) {
        this.em = em;
        this.questions = questions;
    }

    public QuizViews.QuizView create(UUID userId, QuizViews.QuizRequest request) {
        QuestionFilter filter = QuestionFilter.of(request.category(), request.tag(), request.difficulty());
        filter.requireKnownCategory();
        lockPool(userId);
        Query draw = em.createNativeQuery("SELECT q.number FROM " + QuestionFilter.SQL_FROM + " WHERE "
                        + unserved(filter) + " ORDER BY random() LIMIT :count")
                .setParameter("count", request.countOrDefault());
        @SuppressWarnings("unchecked")
        List<Number> drawn = bind(draw, userId, filter).getResultList();
        if (drawn.isEmpty()) {
            throw new ProblemException(Problem.of(
                            ProblemType.QUIZ_POOL_EXHAUSTED,
                            "You have been served every question matching these filters. Reset your pool with POST /v1/quizzes/reset "
                                    + "to be served them again, or choose other filters.")
                    .with("reset", "/v1/quizzes/reset"));
        }
        UUID quizId = Ids.newId();
        Instant now = Instant.now().truncatedTo(ChronoUnit.MICROS);
        em.createNativeQuery("""
                        INSERT INTO quizzes (id, user_id, requested, category, tag, difficulty, created_at)
                        VALUES (:id, :user, :requested, :category, :tag, :difficulty, :at)""")
                .setParameter("id", quizId)
                .setParameter("user", userId)
                .setParameter("requested", request.countOrDefault())
                .setParameter("category", filter.category())
                .setParameter("tag", filter.tag())
                .setParameter(
                        "difficulty",
                        filter.difficulty() == null ? null : filter.difficulty().wire())
                .setParameter("at", now)
                .executeUpdate();
        for (int i = 0; i < drawn.size(); i++) {
            int number = drawn.get(i).intValue();
            em.createNativeQuery("""
                            INSERT INTO quiz_questions (quiz_id, position, question_number)
                            VALUES (:quiz, :position, :number)""")
                    .setParameter("quiz", quizId)
                    .setParameter("position", i + 1)
                    .setParameter("number", number)
                    .executeUpdate();
            em.createNativeQuery("""
                            INSERT INTO served_questions (user_id, question_number, quiz_id, served_at)
                            VALUES (:user, :number, :quiz, :at)""")
                    .setParameter("user", userId)
                    .setParameter("number", number)
                    .setParameter("quiz", quizId)
                    .setParameter("at", now)
                    .executeUpdate();
        }
        return get(userId, quizId);
    }

    @Transactional(Transactional.TxType.SUPPORTS)
    public QuizViews.QuizView get(UUID userId, UUID quizId) {
        List<Object[]> rows = em.createNativeQuery("""
                        SELECT requested, category, tag, difficulty, created_at FROM quizzes
                        WHERE id = :quiz AND user_id = :user""", Object[].class)
                .setParameter("quiz", quizId)
                .setParameter("user", userId)
                .getResultList();
        if (rows.isEmpty()) {
            // Another user's quiz is indistinguishable from one that does not exist.
            throw ProblemException.notFound("No quiz " + quizId + " among yours.");
        }
        Object[] quiz = rows.get(0);
        Instant createdAt = instant(quiz[4]);
        QuizViews.QuizFilters filters = new QuizViews.QuizFilters((String) quiz[1], (String) quiz[2], (String) quiz[3]);
        @SuppressWarnings("unchecked")
        List<Number> numbers = em.createNativeQuery(
                        "SELECT question_number FROM quiz_questions WHERE quiz_id = :quiz ORDER BY position")
                .setParameter("quiz", quizId)
                .getResultList();
        Map<Integer, QuestionView> views =
                questions.byNumbers(numbers.stream().map(Number::intValue).toList());
        Map<Integer, Long> attempts = new HashMap<>();
        List<Object[]> counts = em.createNativeQuery("""
                        SELECT question_number, count(*) FROM attempts
                        WHERE user_id = :user AND created_at >= :since
                          AND question_number IN (SELECT question_number FROM quiz_questions WHERE quiz_id = :quiz)
                        GROUP BY question_number""", Object[].class)
                .setParameter("user", userId)
                .setParameter("since", createdAt)
                .setParameter("quiz", quizId)
                .getResultList();
        counts.forEach(row -> attempts.put(((Number) row[0]).intValue(), ((Number) row[1]).longValue()));
        List<QuizViews.QuizItem> items = new ArrayList<>();
        for (int i = 0; i < numbers.size(); i++) {
            int number = numbers.get(i).intValue();
            long made = attempts.getOrDefault(number, 0L);
            items.add(new QuizViews.QuizItem(i + 1, made > 0, made, views.get(number)));
        }
        QuestionFilter filter = QuestionFilter.of(filters.category(), filters.tag(), filters.difficulty());
        Query remainingQuery =
                em.createNativeQuery("SELECT count(*) FROM " + QuestionFilter.SQL_FROM + " WHERE " + unserved(filter));
        long remaining = ((Number) bind(remainingQuery, userId, filter).getSingleResult()).longValue();
        Map<String, Link> links = new LinkedHashMap<>();
        links.put("self", Link.to(QuizViews.QuizView.path(quizId)));
        links.put("reset", Link.to("/v1/quizzes/reset"));
        links.put("attempts", Link.to("/v1/attempts"));
        return new QuizViews.QuizView(
                quizId,
                createdAt,
                ((Number) quiz[0]).intValue(),
                filters,
                remaining,
                remaining == 0,
                items.stream().filter(QuizViews.QuizItem::attempted).count(),
                items,
                links);
    }

    /** Returns every question the user was served to their pool. Quizzes already made keep their questions. */
    public QuizViews.ResetView reset(UUID userId) {
        lockPool(userId);
        int released = em.createNativeQuery("DELETE FROM served_questions WHERE user_id = :user")
                .setParameter("user", userId)
                .executeUpdate();
        return new QuizViews.ResetView(released, Map.of("new-quiz", Link.to("/v1/quizzes")));
    }

    /**
     * Serializes quiz creation and resets per user: two quizzes asked for at once would otherwise both read the same
     * pool and draw the same question (the primary key of served_questions would then fail the second with a 500).
     * A transaction-scoped advisory lock, released at commit; other users are not held up.
     */
    private void lockPool(UUID userId) {
        em.createNativeQuery("SELECT pg_advisory_xact_lock(hashtextextended(:lock, 0))")
                .setParameter("lock", "quiz-pool:" + userId)
                .getSingleResult();
    }

    /** The filter's questions not yet served to the user (:user); {@link #bind} sets the parameters. */
    private static String unserved(QuestionFilter filter) {
        List<String> where = new ArrayList<>(filter.conditions(QuestionFilter.Dialect.SQL));
        where.add(
                "NOT EXISTS (SELECT 1 FROM served_questions s WHERE s.user_id = :user AND s.question_number = q.number)");
        return String.join(" AND ", where);
    }

    private static Query bind(Query query, UUID userId, QuestionFilter filter) {
        return filter.bind(query).setParameter("user", userId);
    }
}

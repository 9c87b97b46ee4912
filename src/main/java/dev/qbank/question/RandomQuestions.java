package dev.qbank.question;

import dev.qbank.api.Link;
import dev.qbank.api.problem.ProblemException;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import jakarta.persistence.Query;
import jakarta.transaction.Transactional;
import java.util.List;
import java.util.Map;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/** A random draw of questions, for flash cards: stateless, so the same question may come up again (quizzes do not). */
@ApplicationScoped
@Transactional(Transactional.TxType.SUPPORTS)
public class RandomQuestions {

    public static final int MAX_COUNT = 40;

    /** A draw on the wire. */
    @Schema(name = "QuestionSample", description = "Questions drawn at random; a new draw on every request.")
    public record Sample(
            @Schema(maxItems = MAX_COUNT) List<QuestionView> data,

            @Schema(ref = "Links", description = "self (another draw), collection.")
            @com.fasterxml.jackson.annotation.JsonProperty("_links")
            Map<String, Link> links) {}

    private final EntityManager em;
    private final QuestionService questions;

    public RandomQuestions(EntityManager em, QuestionService questions) {
        this.em = em;
        this.questions = questions;
    }

    /** The raw {@code count} parameter: 1 to {@value #MAX_COUNT}, default 1. */
    public static int count(String raw) {
        if (raw == null) {
            return 1;
        }
        try {
            int count = Integer.parseInt(raw.trim());
            if (count >= 1 && count <= MAX_COUNT) {
                return count;
            }
        } catch (NumberFormatException e) {
            // fall through to the problem
        }
        throw ProblemException.invalidParam("count", "must be an integer from 1 to " + MAX_COUNT);
    }

    /** Up to {@code count} questions matching the filter, in random order (fewer when fewer match). */
    public List<QuestionView> draw(QuestionFilter filter, int count) {
        filter.requireKnownCategory();
        // ORDER BY random() sorts every matching row: fine for a bank of tens or thousands of questions.
        Query query = filter.bind(em.createNativeQuery("SELECT q.number FROM " + QuestionFilter.SQL_FROM + " WHERE "
                        + String.join(" AND ", filter.conditions(QuestionFilter.Dialect.SQL))
                        + " ORDER BY random() LIMIT :count"))
                .setParameter("count", count);
        @SuppressWarnings("unchecked")
        List<Number> numbers = query.getResultList();
        Map<Integer, QuestionView> views =
                questions.byNumbers(numbers.stream().map(Number::intValue).toList());
        return numbers.stream().map(n -> views.get(n.intValue())).toList();
    }
}

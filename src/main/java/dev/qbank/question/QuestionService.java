package dev.qbank.question;

import dev.qbank.api.paging.Cursor;
import dev.qbank.api.paging.PageRequest;
import dev.qbank.api.paging.Slice;
import dev.qbank.api.problem.ProblemException;
import dev.qbank.db.Keyset;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import jakarta.persistence.TypedQuery;
import jakarta.transaction.Transactional;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/** Reads the questions of the bank. */
@ApplicationScoped
@Transactional(Transactional.TxType.SUPPORTS)
public class QuestionService {

    private static final Keyset BY_NUMBER = Keyset.of(Keyset.asc("q.number", Integer.class));

    private final EntityManager em;

    public QuestionService(EntityManager em) {
        this.em = em;
    }

    /**
     * One page of questions in number order. Keyset pagination: the page after number n is "number > n order by
     * number limit size+1", which an index range scan answers at the same cost at any depth, and which never skips
     * or repeats a row when others are inserted or deleted meanwhile (as OFFSET does).
     */
    public Slice<QuestionView> list(QuestionFilter filter, PageRequest page) {
        filter.requireKnownCategory();
        List<String> where = new ArrayList<>(filter.conditions(QuestionFilter.Dialect.HQL));
        Keyset.Seek seek = BY_NUMBER.seek(page.backwards(), page.cursor().map(Cursor::key));
        seek.predicate().ifPresent(where::add);
        String jpql = "select q from Question q join fetch q.category c where " + String.join(" and ", where)
                + " order by " + seek.orderBy();
        TypedQuery<Question> query =
                seek.bind(filter.bind(em.createQuery(jpql, Question.class))).setMaxResults(page.fetchSize());
        return Slice.of(query.getResultList(), page).map(QuestionView::of);
    }

    /** A filter on an unknown category is a 400, not an empty result: the client most likely mistyped the slug. */
    public void checkCategory(QuestionFilter filter) {
        filter.requireKnownCategory();
    }

    /**
     * One batch of an export: the live questions after {@code afterNumber} in number order. Each batch is its own
     * short read, so a long download holds no transaction (and, keyset-paged, never repeats or skips a question).
     */
    @Transactional(Transactional.TxType.REQUIRED)
    public List<QuestionView> exportBatch(QuestionFilter filter, int afterNumber, int size) {
        PageRequest page = new PageRequest("export", size, java.util.Optional.of(Cursor.after(List.of(afterNumber))));
        return list(filter, page).items();
    }

    /** The questions with these numbers, in number order; numbers with no question are left out. One query. */
    public Map<Integer, QuestionView> byNumbers(Collection<Integer> numbers) {
        if (numbers.isEmpty()) {
            return Map.of();
        }
        return em.createQuery(
                        "select q from Question q join fetch q.category where q.number in :numbers order by q.number",
                        Question.class)
                .setParameter("numbers", numbers)
                .getResultStream()
                .collect(Collectors.toMap(q -> q.number, QuestionView::of, (a, b) -> a, LinkedHashMap::new));
    }

    /** The live questions with these numbers; deleted or unknown numbers are left out. One query. */
    public Map<Integer, QuestionView> liveByNumbers(Collection<Integer> numbers) {
        if (numbers.isEmpty()) {
            return Map.of();
        }
        return em.createQuery("""
                        select q from Question q join fetch q.category
                        where q.number in :numbers and q.deletedAt is null""", Question.class)
                .setParameter("numbers", numbers)
                .getResultStream()
                .collect(Collectors.toMap(q -> q.number, QuestionView::of));
    }

    /** The questions of each of these categories (by slug), in number order. One query, for batched reads (GraphQL). */
    public Map<String, List<QuestionView>> byCategories(Collection<String> slugs) {
        Map<String, List<QuestionView>> bySlug = new LinkedHashMap<>();
        slugs.forEach(slug -> bySlug.put(slug, new ArrayList<>()));
        if (!slugs.isEmpty()) {
            em.createQuery("""
                            select q from Question q join fetch q.category c
                            where c.slug in :slugs and q.deletedAt is null
                            order by q.number""", Question.class)
                    .setParameter("slugs", slugs)
                    .getResultStream()
                    .forEach(q -> bySlug.get(q.category.slug).add(QuestionView.of(q)));
        }
        return bySlug;
    }

    public QuestionView get(int number) {
        return find(number).orElseThrow(() -> ProblemException.notFound("No question number " + number + "."));
    }

    /** The question with this number, unless there is none or it was deleted (as REST and GraphQL serve it). */
    public java.util.Optional<QuestionView> find(int number) {
        return em.createQuery(
                        "select q from Question q join fetch q.category where q.number = :number and q.deletedAt is null",
                        Question.class)
                .setParameter("number", number)
                .getResultStream()
                .findFirst()
                .map(QuestionView::of);
    }

    /**
     * 404 unless the question exists, deleted or not: learners' attempts at a deleted question stay readable through
     * it (GET /v1/questions/{number}/attempts).
     */
    public void requireEverExisted(int number) {
        if (em.find(Question.class, number) == null) {
            throw ProblemException.notFound("No question number " + number + ".");
        }
    }
}

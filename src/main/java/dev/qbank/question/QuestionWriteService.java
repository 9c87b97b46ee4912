package dev.qbank.question;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.qbank.api.conditional.Preconditions;
import dev.qbank.api.conditional.Representations;
import dev.qbank.api.media.MergePatch;
import dev.qbank.api.problem.Problem;
import dev.qbank.api.problem.ProblemException;
import dev.qbank.api.problem.ProblemType;
import dev.qbank.category.Category;
import dev.qbank.db.Conflicts;
import dev.qbank.webhook.EventType;
import dev.qbank.webhook.Outbox;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import jakarta.persistence.LockModeType;
import jakarta.transaction.Transactional;
import jakarta.validation.ConstraintViolation;
import jakarta.validation.ConstraintViolationException;
import jakarta.validation.Validator;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * The admin's writes to the bank. Every change commits together with its outbox event. Updates lock the question's
 * row ({@code SELECT ... FOR UPDATE}) before evaluating If-Match against the ETag of its current representation, so
 * that of concurrent writers holding the same ETag exactly one succeeds and the others get 412.
 */
@ApplicationScoped
@Transactional
public class QuestionWriteService {

    private final EntityManager em;
    private final Representations representations;
    private final ObjectMapper mapper;
    private final Validator validator;
    private final Outbox outbox;

    public QuestionWriteService(
            EntityManager em,
            Representations representations,
            ObjectMapper mapper,
            Validator validator,
            Outbox outbox) {
        this.em = em;
        this.representations = representations;
        this.mapper = mapper;
        this.validator = validator;
        this.outbox = outbox;
    }

    /** Adds the question under the next free number. */
    public QuestionView create(QuestionWrite write) {
        Category category = liveCategory(write.category()).orElseThrow(() -> unknownCategory(write.category()));
        rejectDuplicate(write.text(), 0);
        Question question = insert(write, category, nextNumber());
        QuestionView view = QuestionView.of(question);
        outbox.publish(EventType.QUESTION_CREATED, null, view);
        return view;
    }

    /** PUT: replaces every writable field. */
    public QuestionView replace(int number, String ifMatch, QuestionWrite write) {
        Question question = lockLive(number);
        Preconditions.requireMatch(ifMatch, etag(question), "question " + number);
        return update(question, write);
    }

    /** PATCH with a JSON merge patch (RFC 7396) applied to the question's writable fields. */
    public QuestionView merge(int number, String ifMatch, JsonNode patch) {
        Question question = lockLive(number);
        Preconditions.requireMatch(ifMatch, etag(question), "question " + number);
        JsonNode merged = MergePatch.apply(mapper.valueToTree(QuestionWrite.of(question)), patch);
        QuestionWrite write;
        try {
            write = mapper.treeToValue(merged, QuestionWrite.class);
        } catch (JsonProcessingException e) {
            throw ProblemException.invalidParam("body", "the patched question is not valid: " + e.getOriginalMessage());
        }
        Set<ConstraintViolation<QuestionWrite>> violations = validator.validate(write);
        if (!violations.isEmpty()) {
            throw new ConstraintViolationException(violations);
        }
        return update(question, write);
    }

    /**
     * Soft delete: the question leaves the bank (listings, reads, exports, new attempts) but its row stays, so that
     * learners' attempts at it are kept and readable, and its number is never reused. If-Match is optional here.
     */
    public void delete(int number, String ifMatch) {
        Question question = lockLive(number);
        QuestionView last = QuestionView.of(question);
        Preconditions.checkMatch(ifMatch, representations.of(last).etag(), "question " + number);
        question.markDeleted();
        outbox.publish(EventType.QUESTION_DELETED, null, last);
    }

    /**
     * Problems a write would meet beyond its bean constraints (unknown category, duplicate text), as invalid params;
     * empty when it can be written. For imports, which report every bad row at once.
     */
    @Transactional(Transactional.TxType.SUPPORTS)
    public List<Problem.InvalidParam> problems(QuestionWrite write) {
        List<Problem.InvalidParam> problems = new ArrayList<>();
        for (ConstraintViolation<QuestionWrite> violation : validator.validate(write)) {
            problems.add(new Problem.InvalidParam(
                    violation.getPropertyPath().iterator().next().getName(), violation.getMessage()));
        }
        if (write.category() != null
                && !write.category().isBlank()
                && liveCategory(write.category()).isEmpty()) {
            problems.add(new Problem.InvalidParam("category", "no category has the slug '" + write.category() + "'"));
        }
        if (write.text() != null && !write.text().isBlank()) {
            duplicateOf(write.text(), 0)
                    .ifPresent(n ->
                            problems.add(new Problem.InvalidParam("text", "question " + n + " already has this text")));
        }
        return problems;
    }

    /** Writes the rows in this transaction under consecutive new numbers; the caller has checked them. */
    public List<Integer> createAll(List<QuestionWrite> writes, String traceparent) {
        List<Integer> numbers = new ArrayList<>();
        int next = nextNumber();
        for (QuestionWrite write : writes) {
            Category category = liveCategory(write.category()).orElseThrow(() -> unknownCategory(write.category()));
            Question question = insert(write, category, next++);
            outbox.publish(EventType.QUESTION_CREATED, null, QuestionView.of(question), traceparent);
            numbers.add(question.number);
        }
        return numbers;
    }

    private QuestionView update(Question question, QuestionWrite write) {
        Category category = write.category().equals(question.category.slug)
                ? question.category
                : liveCategory(write.category()).orElseThrow(() -> unknownCategory(write.category()));
        rejectDuplicate(write.text(), question.number);
        apply(question, write, category);
        question.markUpdated();
        Conflicts.flush(em, "Another question already has this text.");
        QuestionView view = QuestionView.of(question);
        outbox.publish(EventType.QUESTION_UPDATED, null, view);
        return view;
    }

    private Question insert(QuestionWrite write, Category category, int number) {
        Question question = new Question();
        question.number = number;
        apply(question, write, category);
        question.markCreated();
        em.persist(question);
        Conflicts.flush(em, "Another question already has this text.");
        return question;
    }

    private static void apply(Question question, QuestionWrite write, Category category) {
        question.text = write.text().strip();
        question.category = category;
        question.tags = new ArrayList<>(write.tagsOrEmpty());
        question.difficulty = write.difficultyOrDefault();
        question.notes = write.notes() == null || write.notes().isBlank() ? null : write.notes();
    }

    private String etag(Question question) {
        return representations.of(QuestionView.of(question)).etag();
    }

    /** The live question, its row locked until commit; 404 when there is none or it was deleted. */
    private Question lockLive(int number) {
        Question question = em.find(Question.class, number, LockModeType.PESSIMISTIC_WRITE);
        if (question == null || question.deletedAt != null) {
            throw ProblemException.notFound("No question number " + number + ".");
        }
        return question;
    }

    /**
     * The next free number: one more than the highest ever given (deleted questions keep theirs). The advisory lock
     * serializes creations across instances until commit, so two never take the same number.
     */
    private int nextNumber() {
        em.createNativeQuery("SELECT pg_advisory_xact_lock(hashtext('qbank.questions.number'))")
                .getSingleResult();
        return ((Number) em.createNativeQuery("SELECT coalesce(max(number), 0) + 1 FROM questions")
                        .getSingleResult())
                .intValue();
    }

    /** The live category, share-locked so that it cannot be deleted before this transaction commits. */
    private Optional<Category> liveCategory(String slug) {
        return Category.findBySlug(slug, LockModeType.PESSIMISTIC_READ);
    }

    private void rejectDuplicate(String text, int except) {
        duplicateOf(text, except).ifPresent(n -> {
            throw new ProblemException(
                    ProblemType.CONFLICT,
                    "Question " + n + " already has this text (compared ignoring case " + "and whitespace).");
        });
    }

    /** Uses the expression of the unique index questions_live_text_uq, so that the check and the index agree. */
    private Optional<Integer> duplicateOf(String text, int except) {
        List<?> rows = em.createNativeQuery("""
                        SELECT number FROM questions
                        WHERE deleted_at IS NULL AND number <> :except
                          AND md5(lower(btrim(regexp_replace(text, '\\s+', ' ', 'g'))))
                            = md5(lower(btrim(regexp_replace(:text, '\\s+', ' ', 'g'))))""")
                .setParameter("text", text.strip())
                .setParameter("except", except)
                .getResultList();
        return rows.stream().findFirst().map(n -> ((Number) n).intValue());
    }

    private static ProblemException unknownCategory(String slug) {
        return ProblemException.invalidParam("category", "no category has the slug '" + slug + "'; see /v1/categories");
    }
}

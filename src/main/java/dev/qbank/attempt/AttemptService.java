package dev.qbank.attempt;

import dev.qbank.api.paging.Cursor;
import dev.qbank.api.paging.PageRequest;
import dev.qbank.api.paging.Slice;
import dev.qbank.api.problem.ProblemException;
import dev.qbank.db.Ids;
import dev.qbank.db.Keyset;
import dev.qbank.question.QuestionFilter;
import dev.qbank.review.FsrsCards;
import dev.qbank.review.Rating;
import dev.qbank.review.Sm2;
import dev.qbank.webhook.EventType;
import dev.qbank.webhook.Outbox;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import jakarta.persistence.TypedQuery;
import jakarta.transaction.Transactional;
import java.math.BigDecimal;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/** Records and reads a learner's attempts. Every read and write is confined to the calling user. */
@ApplicationScoped
@Transactional
public class AttemptService {

    /** Clock skew tolerated on a client's started_at. */
    private static final long FUTURE_TOLERANCE_SECONDS = 60;

    /** Attempts newest first: ids are UUIDv7, so id order is time order. */
    private static final Keyset NEWEST_FIRST = Keyset.of(Keyset.desc("a.id", UUID.class));

    private static final Keyset OLDEST_FIRST = Keyset.of(Keyset.asc("a.id", UUID.class));

    /**
     * The review-log export's order: by question, then time (the order of the reference revlog.csv, and the order a
     * per-card replay needs); the id breaks ties. The attempts_user_question_idx range of the user is read and sorted.
     */
    private static final Keyset BY_QUESTION_THEN_TIME = Keyset.of(
            Keyset.asc("a.questionNumber", Integer.class),
            Keyset.asc("a.createdAt", Instant.class),
            Keyset.asc("a.id", UUID.class));

    private final EntityManager em;
    private final Outbox outbox;
    private final FsrsCards fsrsCards;

    public AttemptService(EntityManager em, Outbox outbox, FsrsCards fsrsCards) {
        this.em = em;
        this.outbox = outbox;
        this.fsrsCards = fsrsCards;
    }

    public AttemptViews.AttemptView record(UUID userId, AttemptViews.AttemptRequest request) {
        Instant now = Instant.now().truncatedTo(ChronoUnit.MICROS);
        if (request.startedAt() != null && request.startedAt().isAfter(now.plusSeconds(FUTURE_TOLERANCE_SECONDS))) {
            throw ProblemException.invalidParam("started_at", "must not be in the future");
        }
        lockSchedule(userId, request.question());
        Object[] before = beforeAnswer(userId, request.question())
                .orElseThrow(() ->
                        ProblemException.invalidParam("question", "no question has the number " + request.question()));
        Rating rating = Rating.fromWire(request.rating()).orElseThrow();
        Attempt attempt = new Attempt();
        attempt.id = Ids.newId();
        attempt.userId = userId;
        attempt.questionNumber = request.question();
        attempt.answer = request.answer();
        attempt.rating = rating.wire();
        attempt.durationMs = request.durationMs();
        attempt.startedAt =
                request.startedAt() == null ? null : request.startedAt().truncatedTo(ChronoUnit.MICROS);
        attempt.createdAt = now;
        schedule(
                attempt,
                before[0] == null
                        ? Sm2.State.NEW
                        : new Sm2.State(
                                (BigDecimal) before[0],
                                ((Number) before[1]).intValue(),
                                ((Number) before[2]).intValue()));
        // Both schedulers, whichever the learner uses: SM-2's state is on the attempt, FSRS-6's card in review_cards;
        // the attempt says which one set its due date.
        FsrsCards.Settings settings = FsrsCards.settings(before, 3);
        FsrsCards.Stored card = FsrsCards.next(settings, FsrsCards.card(before, 6), rating, now);
        attempt.fsrsDueAt = card.card().due();
        attempt.scheduler = settings.choice().wire();
        insert(attempt, card);
        AttemptViews.AttemptView view = AttemptViews.AttemptView.of(attempt);
        // In this transaction: the learner's webhooks hear of the attempt if and only if it is recorded.
        outbox.publishTo(EventType.ATTEMPT_CREATED, userId, view, Outbox.subscribers(before[15]));
        return view;
    }

    /**
     * Everything an answer needs, read in one statement (each statement is a round trip and, through Hibernate, the
     * pool and the JDBC driver, about a tenth of the JVM's CPU for a POST): the learner's SM-2 state for the
     * question after their latest attempt at it (columns 0-2, null before the first), their scheduling settings
     * (3-5), their FSRS-6 card for it (6-14, null before the first) and the webhooks that hear of their attempts
     * (15). Empty if no such question is in the bank. Scalars only (no entity for a flush to dirty-check); it must run
     * after {@link #lockSchedule}, in a statement of its own, so that it sees the attempt and card of a request that
     * held the lock before.
     */
    private static final String BEFORE_ANSWER_SQL =
            """
            SELECT a.ease_after, a.interval_days_after, a.repetitions_after, %s, %s, %s
            FROM questions q
            JOIN users u ON u.id = :user
            LEFT JOIN LATERAL (
                SELECT ease_after, interval_days_after, repetitions_after FROM attempts
                WHERE user_id = :user AND question_number = q.number ORDER BY id DESC LIMIT 1) a ON true
            LEFT JOIN review_cards c ON c.user_id = :user AND c.question_number = q.number
            WHERE q.number = :question AND q.deleted_at IS NULL""".formatted(FsrsCards.SETTINGS_COLUMNS, FsrsCards.CARD_COLUMNS, Outbox.SUBSCRIBERS_COLUMN);

    private Optional<Object[]> beforeAnswer(UUID userId, int question) {
        @SuppressWarnings("unchecked")
        List<Object[]> rows = em.createNativeQuery(BEFORE_ANSWER_SQL)
                .setParameter("user", userId)
                .setParameter("question", question)
                .setParameter("event_type", EventType.ATTEMPT_CREATED.wire())
                .getResultList();
        return rows.stream().findFirst();
    }

    /**
     * The attempt and the learner's card after it in one statement (the card's upsert a CTE of the attempt's insert),
     * in SQL rather than a persist: nothing for Hibernate to track, flush or dirty-check. The insert fires V34's
     * aggregate triggers.
     */
    private void insert(Attempt attempt, FsrsCards.Stored card) {
        fsrsCards
                .withCardStored("""
                        INSERT INTO attempts (id, user_id, question_number, answer, rating, duration_ms, started_at,
                                              created_at, ease_before, ease_after, interval_days_before,
                                              interval_days_after, repetitions_before, repetitions_after, due_at,
                                              scheduler, fsrs_due_at)
                        VALUES (:id, :user, :question, :answer, :rating, :duration, :started, :created, :ease_before,
                                :ease_after, :interval_before, :interval_after, :repetitions_before,
                                :repetitions_after, :due, :scheduler, :fsrs_due)""", attempt.userId, attempt.questionNumber, card)
                .setParameter("id", attempt.id)
                .setParameter("answer", attempt.answer)
                .setParameter("rating", attempt.rating)
                .setParameter("duration", attempt.durationMs)
                .unwrap(org.hibernate.query.NativeQuery.class)
                .setParameter("started", attempt.startedAt, Instant.class) // typed: it may be null
                .setParameter("created", attempt.createdAt)
                .setParameter("ease_before", attempt.easeBefore)
                .setParameter("ease_after", attempt.easeAfter)
                .setParameter("interval_before", attempt.intervalDaysBefore)
                .setParameter("interval_after", attempt.intervalDaysAfter)
                .setParameter("repetitions_before", attempt.repetitionsBefore)
                .setParameter("repetitions_after", attempt.repetitionsAfter)
                .setParameter("due", attempt.dueAt)
                .setParameter("scheduler", attempt.scheduler)
                .setParameter("fsrs_due", attempt.fsrsDueAt)
                .executeUpdate();
    }

    @Transactional(Transactional.TxType.SUPPORTS)
    public AttemptViews.AttemptView get(UUID userId, UUID attemptId) {
        return AttemptViews.AttemptView.of(own(userId, attemptId));
    }

    /**
     * Deletes the attempt and replays SM-2 and FSRS-6 over the question's remaining attempts, so the review queue is
     * what it would have been had the attempt never been recorded.
     */
    public void delete(UUID userId, UUID attemptId) {
        Attempt attempt = own(userId, attemptId);
        lockSchedule(userId, attempt.questionNumber);
        em.remove(attempt);
        em.flush();
        Sm2.State state = Sm2.State.NEW;
        for (Attempt later : em.createQuery(
                        "from Attempt where userId = :user and questionNumber = :question order by id", Attempt.class)
                .setParameter("user", userId)
                .setParameter("question", attempt.questionNumber)
                .getResultList()) {
            schedule(later, state);
            state = stateAfter(later);
        }
        fsrsCards.replay(userId, attempt.questionNumber);
    }

    /** A page of the user's attempts, newest first (ids are UUIDv7, so id order is time order). */
    @Transactional(Transactional.TxType.SUPPORTS)
    public Slice<AttemptViews.AttemptView> list(UUID userId, AttemptFilter filter, PageRequest page) {
        QuestionFilter.requireKnownCategory(filter.category());
        List<String> where = new ArrayList<>(List.of("a.userId = :user"));
        if (filter.question() != null) {
            where.add("a.questionNumber = :question");
        }
        if (filter.category() != null) {
            where.add("a.questionNumber in (select q.number from Question q where q.category.slug = :category)");
        }
        if (filter.since() != null) {
            where.add("a.createdAt >= :since");
        }
        if (filter.until() != null) {
            where.add("a.createdAt < :until");
        }
        Keyset.Seek seek = NEWEST_FIRST.seek(page.backwards(), page.cursor().map(Cursor::key));
        seek.predicate().ifPresent(where::add);
        TypedQuery<Attempt> query = seek.bind(em.createQuery(
                        "from Attempt a where " + String.join(" and ", where) + " order by " + seek.orderBy(),
                        Attempt.class))
                .setParameter("user", userId)
                .setMaxResults(page.fetchSize());
        if (filter.question() != null) {
            query.setParameter("question", filter.question());
        }
        if (filter.category() != null) {
            query.setParameter("category", filter.category());
        }
        if (filter.since() != null) {
            query.setParameter("since", filter.since());
        }
        if (filter.until() != null) {
            query.setParameter("until", filter.until());
        }
        return Slice.of(query.getResultList(), page).map(AttemptViews.AttemptView::of);
    }

    /** One batch of a learner's history export, oldest first, after the attempt {@code after} (null: from the start). */
    @Transactional(Transactional.TxType.REQUIRED)
    public List<AttemptViews.AttemptView> exportBatch(UUID userId, UUID after, int size) {
        Keyset.Seek seek = OLDEST_FIRST.seek(false, Optional.ofNullable(after).map(List::of));
        TypedQuery<Attempt> query = seek.bind(em.createQuery(
                        "from Attempt a where a.userId = :user" + seek.and() + " order by " + seek.orderBy(),
                        Attempt.class))
                .setParameter("user", userId)
                .setMaxResults(size);
        return query.getResultList().stream().map(AttemptViews.AttemptView::of).toList();
    }

    /**
     * One batch of a learner's review log, ordered by question, then time, after the answer {@code after} (null: from
     * the start).
     */
    @Transactional(Transactional.TxType.REQUIRED)
    public List<FsrsReviewLog.Answer> reviewLogBatch(UUID userId, FsrsReviewLog.Answer after, int size) {
        Keyset.Seek seek = BY_QUESTION_THEN_TIME.seek(
                false, Optional.ofNullable(after).map(a -> List.of(a.question(), a.at(), a.id())));
        return seek
                .bind(em.createQuery(
                        "from Attempt a where a.userId = :user" + seek.and() + " order by " + seek.orderBy(),
                        Attempt.class))
                .setParameter("user", userId)
                .setMaxResults(size)
                .getResultList()
                .stream()
                .map(a -> new FsrsReviewLog.Answer(a.id, a.questionNumber, a.createdAt, a.rating, a.durationMs))
                .toList();
    }

    /** The user's attempts at each of these questions, newest first. One query, for batched reads (GraphQL). */
    @Transactional(Transactional.TxType.SUPPORTS)
    /**
     * The user's newest {@code limit} attempts at each of these questions, newest first. One query for all of them
     * (GraphQL's batched myAttempts), bounded however long a learner's history is.
     */
    @SuppressWarnings("unchecked")
    public java.util.Map<Integer, List<AttemptViews.AttemptView>> byQuestions(
            UUID userId, java.util.Collection<Integer> questions, int limit) {
        java.util.Map<Integer, List<AttemptViews.AttemptView>> byQuestion = new java.util.LinkedHashMap<>();
        questions.forEach(n -> byQuestion.put(n, new ArrayList<>()));
        if (!questions.isEmpty()) {
            ((java.util.stream.Stream<Attempt>) em.createNativeQuery("""
                            SELECT a.* FROM (
                                SELECT attempts.*, row_number() OVER (PARTITION BY question_number ORDER BY id DESC) AS newest
                                FROM attempts WHERE user_id = :user AND question_number IN (:questions)) a
                            WHERE a.newest <= :limit ORDER BY a.id DESC""", Attempt.class)
                            .setParameter("user", userId)
                            .setParameter("questions", questions)
                            .setParameter("limit", limit)
                            .getResultStream())
                    .forEach(a -> byQuestion.get(a.questionNumber).add(AttemptViews.AttemptView.of(a)));
        }
        return byQuestion;
    }

    public static List<Object> cursorKey(AttemptViews.AttemptView view) {
        return List.of(view.id().toString());
    }

    private Attempt own(UUID userId, UUID attemptId) {
        Attempt attempt = em.find(Attempt.class, attemptId);
        if (attempt == null || !attempt.userId.equals(userId)) {
            // Another user's attempt is indistinguishable from one that does not exist.
            throw ProblemException.notFound("No attempt " + attemptId + " among yours.");
        }
        return attempt;
    }

    /**
     * Serializes the writes to one learner's schedule for one question (the state chain must not fork when two
     * attempts arrive at once); a transaction-scoped advisory lock, released at commit.
     */
    private void lockSchedule(UUID userId, int question) {
        em.createNativeQuery("SELECT pg_advisory_xact_lock(hashtextextended(:user, :question))")
                .setParameter("user", userId.toString())
                .setParameter("question", (long) question)
                .getSingleResult();
    }

    private static void schedule(Attempt attempt, Sm2.State before) {
        Sm2.State after = Sm2.next(before, Rating.fromWire(attempt.rating).orElseThrow());
        attempt.easeBefore = before.ease();
        attempt.intervalDaysBefore = before.intervalDays();
        attempt.repetitionsBefore = before.repetitions();
        attempt.easeAfter = after.ease();
        attempt.intervalDaysAfter = after.intervalDays();
        attempt.repetitionsAfter = after.repetitions();
        attempt.dueAt = Sm2.dueAt(attempt.createdAt, after);
    }

    private static Sm2.State stateAfter(Attempt attempt) {
        return new Sm2.State(attempt.easeAfter, attempt.intervalDaysAfter, attempt.repetitionsAfter);
    }
}

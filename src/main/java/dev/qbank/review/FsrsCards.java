package dev.qbank.review;

import static dev.qbank.db.Columns.instant;

import dev.qbank.review.fsrs.Card;
import dev.qbank.review.fsrs.CardState;
import dev.qbank.review.fsrs.MemoryState;
import dev.qbank.review.fsrs.Parameters;
import dev.qbank.review.fsrs.Scheduler;
import dev.qbank.user.SchedulerChoice;
import dev.qbank.user.SettingsChanged;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.persistence.EntityManager;
import jakarta.transaction.Transactional;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.function.Consumer;

/**
 * Each learner's FSRS-6 card per question (table review_cards): kept in the transaction of every attempt, and rebuilt
 * from the attempts, in time order, when one is deleted or the learner's desired retention or scheduler changes
 * (py-fsrs's reschedule). Whichever scheduler sets a learner's due dates, the memory state shown to them is this one.
 */
@ApplicationScoped
@Transactional(Transactional.TxType.MANDATORY)
public class FsrsCards {

    /** Attempts read per statement while replaying a learner's whole history. */
    static final int REPLAY_BATCH = 2_000;

    private final EntityManager em;

    public FsrsCards(EntityManager em) {
        this.em = em;
    }

    /** A card and the answers that made it, as stored. */
    public record Stored(Card card, Rating lastRating, int reviews, int lapses) {}

    /** A learner's scheduling settings: which scheduler sets their due dates, and their FSRS-6 scheduler. */
    public record Settings(SchedulerChoice choice, Scheduler scheduler) {}

    /**
     * The learner's settings in one query: their choice, and FSRS-6 with their desired retention and current weights
     * (the defaults until a fit or a PUT gives them their own).
     */
    @Transactional(Transactional.TxType.SUPPORTS)
    public Settings settingsOf(UUID userId) {
        Object[] row = (Object[])
                em.createNativeQuery("SELECT " + SETTINGS_COLUMNS + " FROM users u WHERE u.id = :user", Object[].class)
                        .setParameter("user", userId)
                        .getSingleResult();
        return settings(row, 0);
    }

    /**
     * The columns {@link #settingsOf} reads, of the users row aliased {@code u}: for a caller that reads a learner's
     * settings within a statement of its own (AttemptService reads all it needs before an answer in one), and maps
     * them with {@link #settings(Object[], int)}.
     */
    public static final String SETTINGS_COLUMNS = """
            u.scheduler, u.desired_retention,
            (SELECT p.weights::text FROM fsrs_parameters p WHERE p.user_id = u.id ORDER BY p.version DESC LIMIT 1)""";

    /** The settings read by {@link #SETTINGS_COLUMNS}, from {@code row[from]} on. */
    public static Settings settings(Object[] row, int from) {
        Scheduler scheduler = Scheduler.defaults().withDesiredRetention(((BigDecimal) row[from + 1]).doubleValue());
        return new Settings(
                SchedulerChoice.fromWire((String) row[from]).orElseThrow(),
                row[from + 2] == null
                        ? scheduler
                        : scheduler.withParameters(Parameters.of(weights((String) row[from + 2]))));
    }

    /**
     * A card's columns, of the review_cards row aliased {@code c} (all null when the learner has no card for the
     * question), for {@link #card(Object[], int)}: as {@link #SETTINGS_COLUMNS}, for a caller's own statement.
     */
    public static final String CARD_COLUMNS =
            "c.state, c.step, c.stability, c.difficulty, c.due_at, c.last_review_at, c.last_rating, c.reviews, c.lapses";

    /** The card read by {@link #CARD_COLUMNS}, from {@code row[from]} on; empty before the question's first answer. */
    public static Optional<Stored> card(Object[] row, int from) {
        return row[from] == null ? Optional.empty() : Optional.of(stored(row, from));
    }

    /**
     * The card after an answer, for a caller that read the card and settings itself ({@link #CARD_COLUMNS}) and
     * writes it with {@link #withCardStored}. The caller holds the learner's lock on this question's schedule
     * (AttemptService), so two answers at once are applied one after the other.
     */
    public static Stored next(Settings settings, Optional<Stored> before, Rating rating, Instant at) {
        return apply(settings.scheduler(), before, rating, at);
    }

    /**
     * {@code statement} preceded by the card's upsert as a data-modifying CTE (named card), its parameters bound: the
     * card and the caller's own write in one statement, one round trip. The statement may use :user and :question.
     */
    public jakarta.persistence.Query withCardStored(String statement, UUID userId, int question, Stored stored) {
        return bindCard(em.createNativeQuery("WITH card AS (" + UPSERT + ") " + statement), userId, question, stored);
    }

    /** The learner's FSRS-6 scheduler (see {@link #settingsOf}). */
    @Transactional(Transactional.TxType.SUPPORTS)
    public Scheduler schedulerOf(UUID userId) {
        return settingsOf(userId).scheduler();
    }

    /** A PostgreSQL array literal of numbers ({@code {0.212,1.2931,...}}) as doubles. */
    static double[] weights(String array) {
        String inner = array.substring(1, array.length() - 1);
        return java.util.Arrays.stream(inner.split(","))
                .mapToDouble(Double::parseDouble)
                .toArray();
    }

    /** Rebuilds one question's card from the learner's remaining attempts at it (none left: no card). */
    public void replay(UUID userId, int question) {
        Scheduler scheduler = schedulerOf(userId);
        em.createNativeQuery("DELETE FROM review_cards WHERE user_id = :user AND question_number = :question")
                .setParameter("user", userId)
                .setParameter("question", question)
                .executeUpdate();
        Optional<Stored> card = Optional.empty();
        @SuppressWarnings("unchecked")
        List<Object[]> rows = em.createNativeQuery("""
                        SELECT rating, created_at FROM attempts
                        WHERE user_id = :user AND question_number = :question ORDER BY created_at, id""")
                .setParameter("user", userId)
                .setParameter("question", question)
                .getResultList();
        for (Object[] row : rows) {
            card = Optional.of(
                    apply(scheduler, card, Rating.fromWire((String) row[0]).orElseThrow(), instant(row[1])));
        }
        card.ifPresent(c -> upsert(userId, question, c));
    }

    /**
     * Rebuilds every card of the learner from their whole history, read in batches in (question, time) order so that
     * only the current question's card is in memory. Returns the number of attempts replayed.
     */
    public long replayAll(UUID userId) {
        Scheduler scheduler = schedulerOf(userId);
        em.createNativeQuery("DELETE FROM review_cards WHERE user_id = :user")
                .setParameter("user", userId)
                .executeUpdate();
        long[] replayed = {0};
        Integer[] currentQuestion = {null};
        List<Optional<Stored>> card = new ArrayList<>(List.of(Optional.empty()));
        forEachAnswer(userId, answer -> {
            if (currentQuestion[0] != null && answer.question() != currentQuestion[0]) {
                upsert(userId, currentQuestion[0], card.get(0).orElseThrow());
                card.set(0, Optional.empty());
            }
            currentQuestion[0] = answer.question();
            card.set(0, Optional.of(apply(scheduler, card.get(0), answer.rating(), answer.at())));
            replayed[0]++;
        });
        if (currentQuestion[0] != null) {
            upsert(userId, currentQuestion[0], card.get(0).orElseThrow());
        }
        return replayed[0];
    }

    /** One of a learner's answers, as the replays and the fits read them. */
    public record Answer(int question, Rating rating, Instant at) {}

    /**
     * Every answer of the learner, in (question, time) order, read in keyset batches of {@link #REPLAY_BATCH}: what
     * a replay of all their cards and a fit of their parameters go through, without the whole history in memory at
     * once (the consumer decides what it keeps).
     */
    @Transactional(Transactional.TxType.SUPPORTS)
    public void forEachAnswer(UUID userId, Consumer<Answer> each) {
        Object[] last = null;
        while (true) {
            @SuppressWarnings("unchecked")
            List<Object[]> rows = (last == null
                            ? em.createNativeQuery("""
                                    SELECT question_number, rating, created_at, id FROM attempts
                                    WHERE user_id = :user
                                    ORDER BY question_number, created_at, id LIMIT :batch""")
                            : em.createNativeQuery("""
                                            SELECT question_number, rating, created_at, id FROM attempts
                                            WHERE user_id = :user AND (question_number, created_at, id) > (:q, :at, :id)
                                            ORDER BY question_number, created_at, id LIMIT :batch""")
                                    .setParameter("q", last[0])
                                    .setParameter("at", instant(last[2]))
                                    .setParameter("id", last[3]))
                    .setParameter("user", userId)
                    .setParameter("batch", REPLAY_BATCH)
                    .getResultList();
            for (Object[] row : rows) {
                each.accept(new Answer(
                        ((Number) row[0]).intValue(),
                        Rating.fromWire((String) row[1]).orElseThrow(),
                        instant(row[2])));
            }
            if (rows.size() < REPLAY_BATCH) {
                return;
            }
            last = rows.get(rows.size() - 1);
        }
    }

    /** A learner's new settings: every card rebuilt with them, in the transaction of the change. */
    void onSettingsChanged(@Observes SettingsChanged change) {
        replayAll(change.userId());
    }

    /** The learner's cards for these questions (those answered at least once). One query. */
    @Transactional(Transactional.TxType.SUPPORTS)
    public Map<Integer, Stored> cards(UUID userId, Collection<Integer> questions) {
        Map<Integer, Stored> cards = new HashMap<>();
        if (questions.isEmpty()) {
            return cards;
        }
        @SuppressWarnings("unchecked")
        List<Object[]> rows = em.createNativeQuery(SELECT + " AND question_number = ANY (:questions)")
                .setParameter("user", userId)
                .setParameter("questions", questions.toArray(Integer[]::new))
                .getResultList();
        rows.forEach(row -> cards.put(((Number) row[0]).intValue(), stored(row, 1)));
        return cards;
    }

    private static final String SELECT =
            "SELECT c.question_number, " + CARD_COLUMNS + " FROM review_cards c WHERE c.user_id = :user";

    /** A card from the {@link #CARD_COLUMNS} at {@code row[from]} on. */
    private static Stored stored(Object[] row, int from) {
        Card card = new Card(
                CardState.valueOf(((String) row[from]).toUpperCase(Locale.ROOT)),
                ((Number) row[from + 1]).intValue(),
                new MemoryState(((Number) row[from + 2]).doubleValue(), ((Number) row[from + 3]).doubleValue()),
                instant(row[from + 4]),
                instant(row[from + 5]));
        return new Stored(
                card,
                Rating.fromWire((String) row[from + 6]).orElseThrow(),
                ((Number) row[from + 7]).intValue(),
                ((Number) row[from + 8]).intValue());
    }

    private static Stored apply(Scheduler scheduler, Optional<Stored> before, Rating rating, Instant at) {
        Card card = before.map(Stored::card).orElseGet(() -> Card.newCard(at));
        Card after = scheduler.review(card, rating.grade(), at);
        boolean lapse = rating == Rating.AGAIN && card.state() == CardState.REVIEW;
        return new Stored(
                after,
                rating,
                before.map(Stored::reviews).orElse(0) + 1,
                before.map(Stored::lapses).orElse(0) + (lapse ? 1 : 0));
    }

    /** The card's upsert; :user, :question and the card_* parameters ({@link #bindCard}). */
    private static final String UPSERT = """
            INSERT INTO review_cards (user_id, question_number, state, step, stability, difficulty, due_at,
                                      last_review_at, last_rating, reviews, lapses)
            VALUES (:user, :question, :card_state, :card_step, :card_stability, :card_difficulty, :card_due,
                    :card_last, :card_rating, :card_reviews, :card_lapses)
            ON CONFLICT (user_id, question_number) DO UPDATE SET
                state = excluded.state, step = excluded.step, stability = excluded.stability,
                difficulty = excluded.difficulty, due_at = excluded.due_at,
                last_review_at = excluded.last_review_at, last_rating = excluded.last_rating,
                reviews = excluded.reviews, lapses = excluded.lapses""";

    private void upsert(UUID userId, int question, Stored stored) {
        bindCard(em.createNativeQuery(UPSERT), userId, question, stored).executeUpdate();
    }

    private static jakarta.persistence.Query bindCard(
            jakarta.persistence.Query query, UUID userId, int question, Stored stored) {
        Card card = stored.card();
        return query.setParameter("user", userId)
                .setParameter("question", question)
                .setParameter("card_state", card.state().name().toLowerCase(Locale.ROOT))
                .setParameter("card_step", card.step())
                .setParameter("card_stability", card.memory().stability())
                .setParameter("card_difficulty", card.memory().difficulty())
                .setParameter("card_due", card.due())
                .setParameter("card_last", card.lastReview())
                .setParameter("card_rating", stored.lastRating().wire())
                .setParameter("card_reviews", stored.reviews())
                .setParameter("card_lapses", stored.lapses());
    }
}

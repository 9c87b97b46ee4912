package dev.qbank.review;

import static dev.qbank.db.Columns.instant;

import dev.qbank.api.Link;
import dev.qbank.api.paging.Cursor;
import dev.qbank.api.paging.PageRequest;
import dev.qbank.api.paging.Slice;
import dev.qbank.category.CategoryView;
import dev.qbank.db.Keyset;
import dev.qbank.review.fsrs.Card;
import dev.qbank.review.fsrs.Scheduler;
import dev.qbank.user.SchedulerChoice;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import jakarta.persistence.Query;
import jakarta.transaction.Transactional;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * A learner's progress and review queue, read from their attempts and the aggregates the database keeps of them. Every
 * figure is computed by PostgreSQL in a few aggregate queries; Java only maps rows to views.
 */
@ApplicationScoped
@Transactional(Transactional.TxType.SUPPORTS)
public class ReviewService {

    /**
     * Per-category totals and, through ROLLUP, the overall totals in the same scan (the row whose GROUPING is 1). They
     * are read from learner_question_stats, one row per question the learner answered, which triggers on attempts keep
     * in the transaction of every write (V34): the cost is bounded by the bank's size, not by the learner's attempts.
     * A question belongs to exactly one category and joins at most one row of stats, so counts add up across
     * categories.
     */
    private static final String PROGRESS_SQL = """
            SELECT grouping(c.position) AS overall, c.slug,
                   count(q.number) AS questions_total,
                   count(s.question_number) AS questions_attempted,
                   coalesce(sum(s.attempts), 0) AS attempts,
                   max(s.last_attempt_at) AS last_attempt_at,
                   coalesce(sum(s.again), 0) AS again,
                   coalesce(sum(s.hard), 0) AS hard,
                   coalesce(sum(s.good), 0) AS good,
                   coalesce(sum(s.easy), 0) AS easy
            FROM categories c
            LEFT JOIN questions q ON q.category_id = c.id AND q.deleted_at IS NULL
            LEFT JOIN learner_question_stats s ON s.user_id = :user AND s.question_number = q.number
            WHERE c.deleted_at IS NULL
            GROUP BY ROLLUP ((c.position, c.slug))
            ORDER BY c.position NULLS LAST
            """;

    /**
     * Day streaks in UTC days, by gaps and islands: over the days with an attempt (learner_days, one row per UTC day,
     * kept by the same triggers), in order, a day minus its row number is constant along a run of consecutive days, so
     * grouping by it yields each run. The current streak is the run ending today or yesterday (at most one run can).
     */
    private static final String STREAKS_SQL = """
            WITH runs AS (
                SELECT max(day) AS last_day, count(*) AS length
                FROM (SELECT day, day - CAST(row_number() OVER (ORDER BY day) AS integer) AS run
                      FROM learner_days WHERE user_id = :user) numbered
                GROUP BY run
            )
            SELECT coalesce(max(length) FILTER (WHERE last_day >= :yesterday), 0) AS current_days,
                   coalesce(max(length), 0) AS longest_days
            FROM runs
            """;

    /**
     * The review queue, by the learner's scheduler: {@link #FSRS_LATEST} (their FSRS-6 cards) or {@link #SM2_LATEST}
     * (each question's schedule is its latest attempt, ids being UUIDv7, whose due_at SM-2 set when it was recorded:
     * {@link Sm2#dueAt}, the attempt's time plus the interval SM-2 chose for its rating). Due questions (group 0,
     * by due_at) come first, then never-attempted ones (group 1, by number). Pages seek on the row value
     * (group, sort_at, number), never OFFSET: a learner's queue holds at most one row per question, and the
     * keyset keeps a walk from skipping or repeating a question while they answer some of them.
     */
    // SM2_LATEST: the latest attempt per question by a loose index scan of attempts_user_question_idx (user_id,
    // question_number,
    // id DESC): the recursive part jumps from one attempted question to the next, the lateral part reads each one's
    // newest attempt; two index probes per question attempted, however many attempts the learner has (DISTINCT ON
    // read all of them: 1.8-2.6 s for a learner with 950,000, bench/RESULTS.md).
    private static final String DUE_SQL = """
            %s, queue AS (
                SELECT 0 AS grp, l.due_at AS sort_at, l.question_number AS number,
                       l.due_at, l.interval_days_after, l.rating, l.created_at
                FROM latest l
                WHERE l.due_at <= :now
            %s)
            SELECT x.number, q.text, c.slug, x.due_at, x.interval_days_after, x.rating, x.created_at
            FROM queue x
            JOIN questions q ON q.number = x.number AND q.deleted_at IS NULL
            JOIN categories c ON c.id = q.category_id
            %s
            ORDER BY %s
            LIMIT :fetch
            """;

    /** SM-2: each question's schedule is its latest attempt's. */
    private static final String SM2_LATEST = """
            WITH RECURSIVE attempted AS (
                (SELECT a.question_number FROM attempts a WHERE a.user_id = :user ORDER BY a.question_number LIMIT 1)
                UNION ALL
                SELECT (SELECT a.question_number FROM attempts a
                        WHERE a.user_id = :user AND a.question_number > p.question_number
                        ORDER BY a.question_number LIMIT 1)
                FROM attempted p WHERE p.question_number IS NOT NULL
            ), latest AS (
                SELECT l.question_number, l.due_at, l.interval_days_after, l.rating, l.created_at
                FROM attempted t
                CROSS JOIN LATERAL (
                    SELECT a.question_number, a.due_at, a.interval_days_after, a.rating, a.created_at
                    FROM attempts a
                    WHERE a.user_id = :user AND a.question_number = t.question_number
                    ORDER BY a.id DESC LIMIT 1) l
                WHERE t.question_number IS NOT NULL
            )""";

    /**
     * FSRS-6: each question's card (review_cards, one row per question answered, kept by every attempt), read by the
     * review_cards_due_idx range of the learner: the cost does not grow with their number of attempts.
     */
    private static final String FSRS_LATEST = """
            WITH latest AS (
                SELECT question_number, due_at,
                       CAST(floor(extract(epoch FROM due_at - last_review_at) / 86400) AS integer) AS interval_days_after,
                       last_rating AS rating, last_review_at AS created_at
                FROM review_cards WHERE user_id = :user
            )""";

    /** The SM-2 state after a learner's latest attempt at each of some questions (for the previews). */
    private static final String SM2_STATES_SQL = """
            SELECT t.number, a.ease_after, a.interval_days_after, a.repetitions_after, a.due_at
            FROM unnest(CAST(:questions AS integer[])) AS t(number)
            CROSS JOIN LATERAL (
                SELECT ease_after, interval_days_after, repetitions_after, due_at FROM attempts
                WHERE user_id = :user AND question_number = t.number ORDER BY id DESC LIMIT 1) a
            """;

    private static final String NEW_QUESTIONS_SQL = """
                UNION ALL
                SELECT 1, TIMESTAMPTZ 'epoch', q.number, NULL, NULL, NULL, NULL
                FROM questions q
                WHERE q.deleted_at IS NULL AND NOT EXISTS (SELECT 1 FROM latest l WHERE l.question_number = q.number)
            """;

    /** The queue's order: due questions, then new ones; then by time due, then by number. */
    private static final Keyset QUEUE_ORDER = Keyset.of(
            Keyset.asc("x.grp", Integer.class),
            Keyset.asc("x.sort_at", Instant.class),
            Keyset.asc("x.number", Integer.class));

    private final EntityManager em;
    private final FsrsCards fsrsCards;

    public ReviewService(EntityManager em, FsrsCards fsrsCards) {
        this.em = em;
        this.fsrsCards = fsrsCards;
    }

    public ProgressView progress(UUID userId, Instant now) {
        List<ProgressView.CategoryProgress> categories = new ArrayList<>();
        ProgressView.Totals overall = null;
        List<Object[]> rows = em.createNativeQuery(PROGRESS_SQL, Object[].class)
                .setParameter("user", userId)
                .getResultList();
        for (Object[] row : rows) {
            ProgressView.RatingCounts ratings =
                    new ProgressView.RatingCounts(integer(row[6]), integer(row[7]), integer(row[8]), integer(row[9]));
            if (integer(row[0]) == 1) {
                overall = new ProgressView.Totals(
                        integer(row[2]), integer(row[3]), integer(row[4]), instant(row[5]), ratings);
            } else {
                String slug = (String) row[1];
                Map<String, Link> links = new LinkedHashMap<>();
                links.put("category", Link.to(CategoryView.path(slug)));
                links.put("attempts", Link.to("/v1/attempts?category=" + slug));
                categories.add(new ProgressView.CategoryProgress(
                        slug, integer(row[2]), integer(row[3]), integer(row[4]), instant(row[5]), ratings, links));
            }
        }
        LocalDate yesterday = now.atOffset(ZoneOffset.UTC).toLocalDate().minusDays(1);
        Object[] streaks = (Object[]) em.createNativeQuery(STREAKS_SQL, Object[].class)
                .setParameter("user", userId)
                .setParameter("yesterday", yesterday)
                .getSingleResult();
        Map<String, Link> links = new LinkedHashMap<>();
        links.put("self", Link.to(ProgressView.PATH));
        links.put("due", Link.to(DueView.PATH));
        links.put("attempts", Link.to("/v1/attempts"));
        return new ProgressView(categories, overall, integer(streaks[0]), integer(streaks[1]), links);
    }

    /** A page of the questions due for review at {@code now}, soonest first, then (optionally) the new ones. */
    public Slice<DueView> due(UUID userId, DueFilter filter, PageRequest page, Instant now) {
        // A backward page reads the rows before the cursor in reverse; Slice.of puts them back in queue order.
        Keyset.Seek seek = QUEUE_ORDER.seek(page.backwards(), page.cursor().map(Cursor::key));
        FsrsCards.Settings settings = fsrsCards.settingsOf(userId);
        SchedulerChoice scheduler = settings.choice();
        String sql = DUE_SQL.formatted(
                scheduler == SchedulerChoice.FSRS ? FSRS_LATEST : SM2_LATEST,
                filter.includeNew() ? NEW_QUESTIONS_SQL : "",
                seek.where(),
                seek.orderBy());
        Query query = seek.bind(em.createNativeQuery(sql, Object[].class))
                .setParameter("user", userId)
                .setParameter("now", now)
                .setParameter("fetch", page.fetchSize());
        @SuppressWarnings("unchecked")
        List<Object[]> rows = query.getResultList();
        List<DueView> views = rows.stream()
                .map(r -> DueView.of(
                        integer(r[0]),
                        (String) r[1],
                        (String) r[2],
                        instant(r[3]),
                        r[4] == null ? null : integer(r[4]),
                        (String) r[5],
                        instant(r[6])))
                .toList();
        return Slice.of(withMemoryAndPreviews(userId, settings, views, now), page);
    }

    /** The learner's standing on one question (GET /v1/questions/{n}/attempts). */
    public CardView card(UUID userId, int question, Instant at) {
        return cards(userId, List.of(question), at).get(question);
    }

    /**
     * The learner's standing on each of these questions (GraphQL's myState, batched): four queries however many
     * questions.
     */
    public Map<Integer, CardView> cards(UUID userId, Collection<Integer> questions, Instant at) {
        Instant now = PreviewsView.asOf(at);
        FsrsCards.Settings settings = fsrsCards.settingsOf(userId);
        SchedulerChoice scheduler = settings.choice();
        Scheduler fsrs = settings.scheduler();
        Map<Integer, FsrsCards.Stored> cards = fsrsCards.cards(userId, questions);
        Map<Integer, Object[]> sm2 = new HashMap<>();
        if (scheduler == SchedulerChoice.SM2 && !questions.isEmpty()) {
            @SuppressWarnings("unchecked")
            List<Object[]> rows = em.createNativeQuery(SM2_STATES_SQL)
                    .setParameter("user", userId)
                    .setParameter("questions", questions.toArray(Integer[]::new))
                    .getResultList();
            rows.forEach(row -> sm2.put(integer(row[0]), row));
        }
        Map<Integer, CardView> views = new HashMap<>();
        for (int question : questions) {
            FsrsCards.Stored card = cards.get(question);
            MemoryView memory = card == null ? null : MemoryView.of(card, fsrs, now);
            if (scheduler == SchedulerChoice.FSRS) {
                views.put(
                        question,
                        new CardView(
                                scheduler.wire(),
                                card == null ? null : card.card().due(),
                                memory,
                                PreviewsView.fsrs(fsrs, card == null ? Card.newCard(now) : card.card(), now)));
            } else {
                Object[] row = sm2.get(question);
                views.put(
                        question,
                        new CardView(
                                scheduler.wire(),
                                row == null ? null : instant(row[4]),
                                memory,
                                PreviewsView.sm2(row == null ? Sm2.State.NEW : sm2State(row), now)));
            }
        }
        return views;
    }

    private static Sm2.State sm2State(Object[] row) {
        return new Sm2.State((java.math.BigDecimal) row[1], integer(row[2]), integer(row[3]));
    }

    /** Each item's FSRS-6 memory state and the previews of the learner's scheduler: two queries for the page. */
    private List<DueView> withMemoryAndPreviews(
            UUID userId, FsrsCards.Settings settings, List<DueView> views, Instant at) {
        if (views.isEmpty()) {
            return views;
        }
        // Previews and retrievability as of the current minute: the page stays the same representation (and its
        // ETag, so If-None-Match gets a 304) for a minute, instead of changing with every millisecond of "now".
        Instant now = PreviewsView.asOf(at);
        List<Integer> questions = views.stream().map(DueView::question).toList();
        SchedulerChoice scheduler = settings.choice();
        Scheduler fsrs = settings.scheduler();
        Map<Integer, FsrsCards.Stored> cards = fsrsCards.cards(userId, questions);
        Map<Integer, Sm2.State> sm2 = scheduler == SchedulerChoice.SM2 ? sm2States(userId, questions) : Map.of();
        return views.stream()
                .map(view -> {
                    FsrsCards.Stored card = cards.get(view.question());
                    MemoryView memory = card == null ? null : MemoryView.of(card, fsrs, now);
                    PreviewsView previews = scheduler == SchedulerChoice.FSRS
                            ? PreviewsView.fsrs(fsrs, card == null ? Card.newCard(now) : card.card(), now)
                            : PreviewsView.sm2(sm2.getOrDefault(view.question(), Sm2.State.NEW), now);
                    return view.with(memory, previews);
                })
                .toList();
    }

    private Map<Integer, Sm2.State> sm2States(UUID userId, List<Integer> questions) {
        Map<Integer, Sm2.State> states = new HashMap<>();
        @SuppressWarnings("unchecked")
        List<Object[]> rows = em.createNativeQuery(SM2_STATES_SQL)
                .setParameter("user", userId)
                .setParameter("questions", questions.toArray(Integer[]::new))
                .getResultList();
        for (Object[] row : rows) {
            states.put(integer(row[0]), new Sm2.State((java.math.BigDecimal) row[1], integer(row[2]), integer(row[3])));
        }
        return states;
    }

    private static int integer(Object value) {
        return ((Number) value).intValue();
    }
}

package dev.qbank.changes;

import dev.qbank.api.paging.PageRequest;
import dev.qbank.api.paging.Slice;
import dev.qbank.api.problem.Problem;
import dev.qbank.api.problem.ProblemException;
import dev.qbank.api.problem.ProblemType;
import dev.qbank.category.CategoryService;
import dev.qbank.category.CategoryView;
import dev.qbank.db.Columns;
import dev.qbank.question.QuestionService;
import dev.qbank.question.QuestionView;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.scheduler.Scheduled;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import jakarta.transaction.Transactional;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.LongFunction;

/**
 * Reads the change feed that the database writes (V29__change_feed.sql: deferred triggers number every change to the
 * bank in commit order, in the transaction of the change) and prunes it past the retention window.
 */
@ApplicationScoped
@Transactional(Transactional.TxType.SUPPORTS)
public class ChangeFeed {

    private final EntityManager em;
    private final QuestionService questions;
    private final CategoryService categories;
    private final ChangesConfig config;

    public ChangeFeed(EntityManager em, QuestionService questions, CategoryService categories, ChangesConfig config) {
        this.em = em;
        this.questions = questions;
        this.categories = categories;
        this.config = config;
    }

    /** Where a page starts: after this sequence (0 for the beginning of the feed). */
    public record Position(long after) {}

    /**
     * The changes after {@code from}, oldest first, at most a page; a 410 problem when changes after {@code from} have
     * been pruned. The horizon and the rows come from one statement, so from one snapshot: a pruning that commits
     * meanwhile cannot remove rows this read then misses without also raising the horizon it checks. The problem
     * carries the token of the feed's head ({@code tokenAfter}), to read on from once the bank is downloaded again.
     */
    public Slice<ChangeView> after(Position from, PageRequest page, LongFunction<String> tokenAfter) {
        @SuppressWarnings("unchecked")
        List<Object[]> rows = em.createNativeQuery("""
                        SELECT h.pruned_through, c.sequence, c.type, c.changed_at, c.question_number, c.category_slug
                        FROM bank_changes_horizon h
                        LEFT JOIN LATERAL (
                            SELECT * FROM bank_changes WHERE sequence > :after ORDER BY sequence LIMIT :fetch
                        ) c ON true
                        ORDER BY c.sequence""")
                .setParameter("after", from.after())
                .setParameter("fetch", page.fetchSize())
                .getResultList();
        long prunedThrough = ((Number) rows.get(0)[0]).longValue();
        if (from.after() < prunedThrough) {
            throw new ProblemException(Problem.of(
                            ProblemType.SYNC_TOKEN_EXPIRED,
                            "Changes after this token are older than the feed keeps ("
                                    + config.retention().toDays()
                                    + " days): download the bank again (GET /v1/categories, GET /v1/questions/export), "
                                    + "then read the feed from sync_token.")
                    .with("sync_token", tokenAfter.apply(head())));
        }
        List<Change> changes = new ArrayList<>();
        for (Object[] row : rows) {
            if (row[1] != null) {
                changes.add(new Change(
                        ((Number) row[1]).longValue(),
                        (String) row[2],
                        Columns.instant(row[3]),
                        row[4] == null ? null : ((Number) row[4]).intValue(),
                        (String) row[5]));
            }
        }
        boolean more = changes.size() > page.limit();
        List<Change> shown = more ? changes.subList(0, page.limit()) : changes;
        return new Slice<>(render(shown), more, false);
    }

    /** The sequence of the last change committed so far (0 when the feed is empty): where a new reader starts. */
    public long head() {
        return ((Number) em.createNativeQuery("""
                        SELECT greatest((SELECT coalesce(max(sequence), 0) FROM bank_changes),
                                        (SELECT pruned_through FROM bank_changes_horizon))""").getSingleResult()).longValue();
    }

    /** Each change with the current representation of what it names (none for tombstones). Two queries at most. */
    private List<ChangeView> render(List<Change> changes) {
        Map<Integer, QuestionView> liveQuestions = questions.liveByNumbers(changes.stream()
                .filter(c -> !c.tombstone())
                .map(Change::number)
                .filter(Objects::nonNull)
                .distinct()
                .toList());
        Map<String, CategoryView> liveCategories = categories.liveBySlugs(changes.stream()
                .filter(c -> !c.tombstone())
                .map(Change::slug)
                .filter(Objects::nonNull)
                .distinct()
                .toList());
        List<ChangeView> views = new ArrayList<>(changes.size());
        for (Change change : changes) {
            if (change.number() != null) {
                views.add(
                        ChangeView.ofQuestion(change, change.tombstone() ? null : liveQuestions.get(change.number())));
            } else {
                views.add(ChangeView.ofCategory(change, change.tombstone() ? null : liveCategories.get(change.slug())));
            }
        }
        return views;
    }

    /**
     * Drops the changes that committed before {@code cutoff} and raises the horizon past them, in one statement (one
     * snapshot for every reader). Returns how many went.
     */
    @Transactional(Transactional.TxType.REQUIRED)
    public int prune(Instant cutoff) {
        return ((Number)
                        em.createNativeQuery("""
                        WITH gone AS (
                            DELETE FROM bank_changes
                            WHERE sequence <= (SELECT max(sequence) FROM bank_changes WHERE changed_at < :cutoff)
                            RETURNING sequence
                        ), moved AS (
                            UPDATE bank_changes_horizon
                            SET pruned_through = greatest(pruned_through, (SELECT max(sequence) FROM gone))
                            WHERE EXISTS (SELECT 1 FROM gone)
                            RETURNING 1
                        )
                        SELECT count(*) FROM gone""").setParameter("cutoff", cutoff).getSingleResult())
                .intValue();
    }

    /** Every instance prunes; the deletes of two at once are the same rows, and the horizon only goes up. */
    @Scheduled(identity = "change-feed-prune", every = "1h", delayed = "1m")
    void pruneExpired() {
        Instant cutoff = Instant.now().minus(config.retention());
        QuarkusTransaction.requiringNew().run(() -> prune(cutoff));
    }
}

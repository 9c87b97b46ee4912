package dev.qbank.question;

import dev.qbank.api.paging.Cursor;
import dev.qbank.api.paging.PageRequest;
import dev.qbank.api.paging.Slice;
import dev.qbank.db.Keyset;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import jakarta.persistence.Query;
import jakarta.transaction.Transactional;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Full-text search of the bank on PostgreSQL: the generated column {@code search_vector} (text weighted A, tags B,
 * notes C; see V20__question_search.sql), matched with websearch_to_tsquery, ranked with ts_rank_cd, and
 * paginated by keyset over (rank desc, number asc) like every other collection.
 */
@ApplicationScoped
@Transactional(Transactional.TxType.SUPPORTS)
public class QuestionSearch {

    /** ts_headline: the whole of a short field, or its best passage of 20 to 40 words; matches between « and ». */
    private static final String HEADLINE_OPTIONS = "StartSel=" + QuestionHit.Highlight.START + ", StopSel="
            + QuestionHit.Highlight.STOP + ", MaxWords=40, MinWords=20";

    /**
     * The page of hits: number, rank and the field its highlight comes from, the first that matches on its own
     * (ts_filter keeps one weight's lexemes); when only the fields together match, the text, where ts_headline still
     * marks every word it finds. The headline is computed for the page's rows only.
     */
    private static final String SEARCH_SQL = """
            WITH s AS (SELECT websearch_to_tsquery('english', :q) AS query),
            hits AS (
                SELECT q.number, ts_rank_cd(q.search_vector, s.query) AS rank,
                       CASE WHEN ts_filter(q.search_vector, '{a}') @@ s.query THEN 'text'
                            WHEN ts_filter(q.search_vector, '{b}') @@ s.query THEN 'tags'
                            WHEN ts_filter(q.search_vector, '{c}') @@ s.query THEN 'notes' ELSE 'text' END AS field
                FROM %1$s, s WHERE %2$s
            )
            SELECT p.number, p.rank, p.field,
                   ts_headline('english', CASE p.field WHEN 'tags' THEN qbank_tags_text(q.tags)
                                                       WHEN 'notes' THEN q.notes ELSE q.text END,
                               s.query, '%3$s')
            FROM (SELECT h.* FROM hits h%4$s ORDER BY %5$s LIMIT :limit) p
            JOIN questions q ON q.number = p.number, s
            ORDER BY %6$s""";

    /** Hits by rank, then number. rank is a real (float4); the cursor's is bound as one too, so equality is exact. */
    private static final Keyset BY_RANK =
            Keyset.of(Keyset.desc("h.rank", Float.class).as("real"), Keyset.asc("h.number", Integer.class));

    private final EntityManager em;
    private final QuestionService questions;

    public QuestionSearch(EntityManager em, QuestionService questions) {
        this.em = em;
        this.questions = questions;
    }

    public Slice<QuestionHit> search(SearchQuery query, QuestionFilter filter, PageRequest page) {
        filter.requireKnownCategory();
        List<String> where = new ArrayList<>(List.of("q.search_vector @@ s.query"));
        where.addAll(filter.conditions(QuestionFilter.Dialect.SQL));
        Keyset.Seek seek = BY_RANK.seek(page.backwards(), page.cursor().map(Cursor::key));
        String sql = SEARCH_SQL.formatted(
                QuestionFilter.SQL_FROM,
                String.join(" AND ", where),
                HEADLINE_OPTIONS,
                seek.where(),
                seek.orderBy(),
                seek.orderBy().replace("h.", "p."));
        Query statement = seek.bind(filter.bind(em.createNativeQuery(sql)))
                .setParameter("q", query.text())
                .setParameter("limit", page.fetchSize());
        @SuppressWarnings("unchecked")
        List<Object[]> rows = statement.getResultList();
        Map<Integer, QuestionView> views = questions.byNumbers(
                rows.stream().map(r -> ((Number) r[0]).intValue()).toList());
        List<QuestionHit> hits = rows.stream()
                .map(r -> new QuestionHit(
                        views.get(((Number) r[0]).intValue()),
                        ((Number) r[1]).floatValue(),
                        new QuestionHit.Highlight((String) r[2], (String) r[3])))
                .toList();
        return Slice.of(hits, page);
    }

    /** The sort key a cursor points after: (rank, number). */
    public static List<Object> cursorKey(QuestionHit hit) {
        return List.of(hit.rank(), hit.question().number());
    }
}

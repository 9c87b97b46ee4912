package dev.qbank.category;

import dev.qbank.api.paging.Cursor;
import dev.qbank.api.paging.PageRequest;
import dev.qbank.api.paging.Slice;
import dev.qbank.api.problem.ProblemException;
import dev.qbank.db.Keyset;
import io.quarkus.panache.common.Parameters;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** Reads the categories of the bank. */
@ApplicationScoped
@Transactional(Transactional.TxType.SUPPORTS)
public class CategoryService {

    private static final Keyset BY_POSITION = Keyset.of(Keyset.asc("position", Integer.class));

    /** A page of the live categories in display order. */
    public Slice<CategoryView> list(PageRequest page) {
        return list(null, page);
    }

    /** A page of the live categories in display order; with {@code updatedSince}, only those changed since. */
    public Slice<CategoryView> list(Instant updatedSince, PageRequest page) {
        Keyset.Seek seek = BY_POSITION.seek(page.backwards(), page.cursor().map(Cursor::key));
        Map<String, Object> parameters = new HashMap<>(seek.parameters());
        String since = "";
        if (updatedSince != null) {
            since = " and updatedAt >= :updatedSince";
            parameters.put("updatedSince", updatedSince);
        }
        List<Category> rows = Category.<Category>find(
                        "deletedAt is null" + since + seek.and() + " order by " + seek.orderBy(), parameters)
                .range(0, page.fetchSize() - 1)
                .list();
        Map<Long, Long> counts = questionCounts(rows.stream().map(c -> c.id).toList());
        return Slice.of(rows, page).map(c -> CategoryView.of(c, counts.getOrDefault(c.id, 0L)));
    }

    public CategoryView get(String slug) {
        Category category = require(slug);
        return CategoryView.of(category, questionCount(category));
    }

    /** The categories with these slugs; unknown slugs are left out. Two queries, for batched reads (GraphQL). */
    public Map<String, CategoryView> bySlugs(java.util.Collection<String> slugs) {
        Map<String, CategoryView> bySlug = new HashMap<>();
        if (slugs.isEmpty()) {
            return bySlug;
        }
        List<Category> rows = Category.<Category>list("slug in :slugs", Parameters.with("slugs", List.copyOf(slugs)));
        Map<Long, Long> counts = questionCounts(rows.stream().map(c -> c.id).toList());
        rows.forEach(c -> bySlug.put(c.slug, CategoryView.of(c, counts.getOrDefault(c.id, 0L))));
        return bySlug;
    }

    /** The live categories with these slugs; deleted or unknown slugs are left out. Two queries. */
    public Map<String, CategoryView> liveBySlugs(java.util.Collection<String> slugs) {
        Map<String, CategoryView> bySlug = new HashMap<>();
        if (slugs.isEmpty()) {
            return bySlug;
        }
        List<Category> rows = Category.<Category>list(
                "slug in :slugs and deletedAt is null", Parameters.with("slugs", List.copyOf(slugs)));
        Map<Long, Long> counts = questionCounts(rows.stream().map(c -> c.id).toList());
        rows.forEach(c -> bySlug.put(c.slug, CategoryView.of(c, counts.getOrDefault(c.id, 0L))));
        return bySlug;
    }

    /** The category, or a 404 problem. */
    public Category require(String slug) {
        return Category.findBySlug(slug)
                .orElseThrow(() -> ProblemException.notFound("No category with slug '" + slug + "'."));
    }

    /** How many live questions the category holds; part of its representation (and so of its ETag). */
    public long questionCount(Category category) {
        return questionCounts(List.of(category.id)).getOrDefault(category.id, 0L);
    }

    private Map<Long, Long> questionCounts(List<Long> categoryIds) {
        Map<Long, Long> counts = new HashMap<>();
        if (categoryIds.isEmpty()) {
            return counts;
        }
        List<Object[]> rows = Category.getEntityManager()
                .createQuery("""
                        select q.category.id, count(q) from Question q
                        where q.category.id in :ids and q.deletedAt is null
                        group by q.category.id""", Object[].class)
                .setParameter("ids", categoryIds)
                .getResultList();
        for (Object[] row : rows) {
            counts.put((Long) row[0], (Long) row[1]);
        }
        return counts;
    }
}

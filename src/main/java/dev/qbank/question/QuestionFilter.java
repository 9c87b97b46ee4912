package dev.qbank.question;

import dev.qbank.api.input.InstantParameters;
import dev.qbank.api.problem.ProblemException;
import dev.qbank.category.Category;
import jakarta.persistence.Query;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Collectors;

/**
 * The filters of a question listing, validated. Any of them may be null (not filtered on). Every query that filters
 * questions (pages, exports, search, random draws, quizzes) takes its conditions and their parameters from here.
 */
public record QuestionFilter(String category, String tag, Difficulty difficulty, Instant updatedSince) {

    /** The FROM of a native query that filters questions: {@code q}, joined to its category {@code c}. */
    public static final String SQL_FROM = "questions q JOIN categories c ON c.id = q.category_id";

    /**
     * How a query spells the conditions: native SQL over {@link #SQL_FROM}, or HQL over
     * {@code Question q join q.category c}.
     */
    public enum Dialect {
        SQL,
        HQL
    }

    private static final int MAX_TAG_LENGTH = 64;

    public static QuestionFilter of(String category, String tag, String difficulty) {
        return of(category, tag, difficulty, null);
    }

    /** With {@code updated_since} (ISO-8601; null when absent): only questions changed at or after it. */
    public static QuestionFilter of(String category, String tag, String difficulty, String updatedSince) {
        if (category != null && (category.isBlank() || category.length() > 64)) {
            throw ProblemException.invalidParam("category", "must be a category slug, such as rest-apis");
        }
        if (tag != null && (tag.isBlank() || tag.length() > MAX_TAG_LENGTH)) {
            throw ProblemException.invalidParam("tag", "must be a tag of 1 to " + MAX_TAG_LENGTH + " characters");
        }
        Difficulty level = null;
        if (difficulty != null) {
            level = Difficulty.fromWire(difficulty)
                    .orElseThrow(() -> ProblemException.invalidParam(
                            "difficulty",
                            "must be one of "
                                    + Arrays.stream(Difficulty.values())
                                            .map(Difficulty::wire)
                                            .collect(Collectors.joining(", "))));
        }
        return new QuestionFilter(category, tag, level, InstantParameters.parse("updated_since", updatedSince));
    }

    /** A filter on an unknown category is a 400, not an empty result: the client most likely mistyped the slug. */
    public void requireKnownCategory() {
        requireKnownCategory(category);
    }

    /** As {@link #requireKnownCategory()}, for another collection's {@code category} filter (attempts). */
    public static void requireKnownCategory(String slug) {
        if (slug != null && Category.findBySlug(slug).isEmpty()) {
            throw ProblemException.invalidParam(
                    "category", "no category has the slug '" + slug + "'; see /v1/categories");
        }
    }

    /**
     * The conditions of the filter, to be joined with AND: live questions only, then each filter given. Their named
     * parameters (:category, :tag, :difficulty, :updatedSince) are set by {@link #bind}. A tag is an array containment, which the GIN
     * index questions_tags_idx serves (HQL's array_contains is the same test).
     */
    public List<String> conditions(Dialect dialect) {
        boolean sql = dialect == Dialect.SQL;
        List<String> where = new ArrayList<>();
        where.add(sql ? "q.deleted_at IS NULL" : "q.deletedAt is null");
        if (category != null) {
            where.add("c.slug = :category");
        }
        if (tag != null) {
            where.add(sql ? "q.tags @> ARRAY[CAST(:tag AS text)]" : "array_contains(q.tags, :tag)");
        }
        if (difficulty != null) {
            where.add("q.difficulty = :difficulty");
        }
        if (updatedSince != null) {
            where.add(sql ? "q.updated_at >= :updatedSince" : "q.updatedAt >= :updatedSince");
        }
        return where;
    }

    /** Sets the parameters of {@link #conditions} on a query that uses them. */
    public <Q extends Query> Q bind(Q query) {
        if (category != null) {
            query.setParameter("category", category);
        }
        if (tag != null) {
            query.setParameter("tag", tag);
        }
        if (difficulty != null) {
            query.setParameter("difficulty", difficulty.wire());
        }
        if (updatedSince != null) {
            query.setParameter("updatedSince", updatedSince);
        }
        return query;
    }

    /** The filters in a canonical form; page cursors are bound to it. */
    public String scope() {
        // updated_since only when given, so that the cursors issued before it existed stay valid.
        return "category=" + nullToEmpty(category) + "&tag=" + nullToEmpty(tag) + "&difficulty="
                + (difficulty == null ? "" : difficulty.wire())
                + (updatedSince == null ? "" : "&updated_since=" + updatedSince);
    }

    private static String nullToEmpty(String s) {
        return s == null ? "" : s;
    }
}

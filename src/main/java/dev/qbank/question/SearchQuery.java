package dev.qbank.question;

import dev.qbank.api.problem.ProblemException;

/**
 * The {@code q} of a full-text search, validated. Its text goes to PostgreSQL's websearch_to_tsquery, which never
 * fails on syntax: unbalanced quotes are closed, stray operators ignored, so any input is searched as the words it
 * holds. Only what PostgreSQL cannot store at all (NUL and other control characters) is replaced, by spaces.
 */
public record SearchQuery(String text) {

    public static final int MAX_CHARS = 200;

    /** Null when the request has no {@code q}. */
    public static SearchQuery of(String q) {
        if (q == null) {
            return null;
        }
        if (q.codePointCount(0, q.length()) > MAX_CHARS) {
            throw ProblemException.invalidParam("q", "must be at most " + MAX_CHARS + " characters");
        }
        String text = q.codePoints()
                .map(c -> Character.isISOControl(c) ? ' ' : c)
                .collect(StringBuilder::new, StringBuilder::appendCodePoint, StringBuilder::append)
                .toString()
                .strip()
                .replaceAll("\\s+", " ");
        if (text.isEmpty()) {
            throw ProblemException.invalidParam("q", "must hold at least one word to search for");
        }
        return new SearchQuery(text);
    }

    /** Part of the scope page cursors are bound to: a cursor of one search is refused by another. */
    public String scope() {
        return "q=" + text;
    }
}

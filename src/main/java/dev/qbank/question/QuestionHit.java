package dev.qbank.question;

import com.fasterxml.jackson.annotation.JsonUnwrapped;

/**
 * A question found by full-text search: the question as everywhere else, plus how well it matched and where.
 * Its schema (QuestionHit) is written in META-INF/openapi.yaml, as QuestionView extended with these two fields.
 */
public record QuestionHit(@JsonUnwrapped QuestionView question, float rank, Highlight highlight) {

    /**
     * The best-matching passage of the field that matched, with each matching word between {@link #START} and
     * {@link #STOP}. Those markers are plain characters rather than HTML, so a client that shows the fragment as
     * HTML cannot be injected through the bank's text; it replaces them with its own emphasis.
     */
    public record Highlight(String field, String fragment) {

        public static final String START = "«";
        public static final String STOP = "»";
    }
}

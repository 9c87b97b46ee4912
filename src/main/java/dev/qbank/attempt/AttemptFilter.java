package dev.qbank.attempt;

import dev.qbank.api.input.InstantParameters;
import dev.qbank.api.problem.ProblemException;
import java.time.Instant;

/** The filters of an attempt listing, validated; any may be null. */
public record AttemptFilter(Integer question, String category, Instant since, Instant until) {

    public static AttemptFilter of(String question, String category, String since, String until) {
        Integer number = null;
        if (question != null) {
            try {
                number = Integer.parseInt(question);
            } catch (NumberFormatException e) {
                throw ProblemException.invalidParam("question", "must be a question number, such as 8");
            }
            if (number < 1) {
                throw ProblemException.invalidParam("question", "must be a question number, such as 8");
            }
        }
        if (category != null && (category.isBlank() || category.length() > 64)) {
            throw ProblemException.invalidParam("category", "must be a category slug, such as caching");
        }
        Instant from = InstantParameters.parse("since", since);
        Instant to = InstantParameters.parse("until", until);
        if (from != null && to != null && from.isAfter(to)) {
            throw ProblemException.invalidParam("since", "must not be after until");
        }
        return new AttemptFilter(number, category, from, to);
    }

    public static AttemptFilter ofQuestion(int number) {
        return new AttemptFilter(number, null, null, null);
    }

    /** The filters in a canonical form; page cursors are bound to it (by REST and GraphQL alike). */
    public String scope() {
        return "question=" + (question == null ? "" : question) + "&category=" + (category == null ? "" : category)
                + "&since=" + (since == null ? "" : since) + "&until=" + (until == null ? "" : until);
    }
}

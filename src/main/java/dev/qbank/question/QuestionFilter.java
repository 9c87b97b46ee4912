package dev.qbank.question;

import dev.qbank.api.problem.ProblemException;
import java.util.Arrays;
import java.util.stream.Collectors;

/** The filters of a question listing, validated. Any of them may be null (not filtered on). */
public record QuestionFilter(String category, String tag, Difficulty difficulty) {

    private static final int MAX_TAG_LENGTH = 64;

    public static QuestionFilter of(String category, String tag, String difficulty) {
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
        return new QuestionFilter(category, tag, level);
    }

    /** The filters in a canonical form; page cursors are bound to it. */
    public String scope() {
        return "category=" + nullToEmpty(category) + "&tag=" + nullToEmpty(tag) + "&difficulty="
                + (difficulty == null ? "" : difficulty.wire());
    }

    private static String nullToEmpty(String s) {
        return s == null ? "" : s;
    }
}

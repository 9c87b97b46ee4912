package dev.qbank.review;

import dev.qbank.api.problem.ProblemException;

/** The options of the review queue, validated. */
public record DueFilter(boolean includeNew) {

    /** {@code include_new}: absent means true; anything but true or false is a 400 naming it. */
    public static DueFilter of(String includeNew) {
        if (includeNew == null || includeNew.equals("true")) {
            return new DueFilter(true);
        }
        if (includeNew.equals("false")) {
            return new DueFilter(false);
        }
        throw ProblemException.invalidParam("include_new", "must be true or false");
    }

    /** The options in a canonical form; page cursors are bound to it. */
    public String scope() {
        return "include_new=" + includeNew;
    }
}

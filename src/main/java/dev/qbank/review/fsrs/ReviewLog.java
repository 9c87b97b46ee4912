package dev.qbank.review.fsrs;

import java.time.Instant;
import java.util.Objects;

/** One answer in a learner's history: which item, when, and how well. The input of replays and of the optimizer. */
public record ReviewLog(long cardId, Instant reviewedAt, Grade grade) {

    public ReviewLog {
        Objects.requireNonNull(reviewedAt, "reviewedAt");
        Objects.requireNonNull(grade, "grade");
    }
}

package dev.qbank.review.fsrs;

import java.time.Instant;
import java.util.SplittableRandom;

/**
 * Where, within its fuzz range, a review interval lands (so that cards learned together do not stay due together).
 * Unlike py-fsrs, which draws from Python's global {@code random}, a draw here is a function of its inputs: the same
 * card answered the same way at the same instant gets the same interval, in production and in tests.
 */
@FunctionalInterface
public interface Fuzz {

    /** A number in [0, 1) that picks the interval within its range. */
    double draw(Card before, Grade grade, Instant reviewedAt);

    /**
     * Draws from a generator seeded by {@code seed} (say, a hash of learner and question) mixed with the review instant,
     * the previous review and the grade.
     */
    static Fuzz seeded(long seed) {
        return (before, grade, reviewedAt) -> {
            long mixed = seed;
            mixed = mixed * 31 + reviewedAt.getEpochSecond();
            mixed = mixed * 31 + reviewedAt.getNano();
            mixed = mixed * 31
                    + (before.lastReview() == null ? 0 : before.lastReview().toEpochMilli());
            mixed = mixed * 31 + grade.value;
            return new SplittableRandom(mixed).nextDouble();
        };
    }
}

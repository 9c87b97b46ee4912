package dev.qbank.review;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Duration;
import java.time.Instant;

/**
 * SuperMemo 2 (P. Wozniak, 1990, "Optimization of learning", the SM-2 algorithm as published at
 * https://super-memory.com/english/ol/sm2.htm). For a response of quality q (0-5; our ratings map again=1,
 * hard=3, good=4, easy=5):
 * <pre>
 *   if q >= 3:  I(1) = 1 day, I(2) = 6 days, I(n) = I(n-1) * EF  for n > 2;  n = n + 1
 *   if q <  3:  n = 0, I = 1 day (start the repetitions again as if new, without resetting EF)
 *   EF' = EF + (0.1 - (5 - q) * (0.08 + (5 - q) * 0.02)),  EF' >= 1.3;  a new item starts at EF = 2.5
 * </pre>
 * As in the published steps, EF is modified after every repetition (step 5), lapses included, and a lapse restarts
 * the intervals without putting EF back to 2.5 (step 6). I(n) uses the EF the item had before this review. The next
 * review is due I days after the attempt. One addition: I is at most {@link #MAX_INTERVAL_DAYS}.
 */
public final class Sm2 {

    public static final BigDecimal INITIAL_EASE = new BigDecimal("2.50");
    public static final BigDecimal MINIMUM_EASE = new BigDecimal("1.30");
    /**
     * The longest interval, 100 years (Anki's maximum too). SM-2's intervals grow geometrically: without a cap, some
     * thirty "easy" answers in a row overflow a date (PostgreSQL refused the due_at of year 609104 with a 500).
     */
    public static final int MAX_INTERVAL_DAYS = 36_500;

    /** The scheduling state of one learner on one question. */
    public record State(BigDecimal ease, int intervalDays, int repetitions) {
        public static final State NEW = new State(INITIAL_EASE, 0, 0);
    }

    private Sm2() {}

    public static State next(State before, Rating rating) {
        int q = rating.quality;
        int repetitions;
        int interval;
        if (q >= 3) {
            repetitions = before.repetitions() + 1;
            if (repetitions == 1) {
                interval = 1;
            } else if (repetitions == 2) {
                interval = 6;
            } else {
                interval = BigDecimal.valueOf(before.intervalDays())
                        .multiply(before.ease())
                        .setScale(0, RoundingMode.HALF_UP)
                        .min(BigDecimal.valueOf(MAX_INTERVAL_DAYS))
                        .intValueExact();
            }
        } else {
            repetitions = 0;
            interval = 1;
        }
        int miss = 5 - q;
        BigDecimal delta = new BigDecimal("0.1")
                .subtract(BigDecimal.valueOf(miss)
                        .multiply(new BigDecimal("0.08")
                                .add(BigDecimal.valueOf(miss).multiply(new BigDecimal("0.02")))));
        BigDecimal ease = before.ease().add(delta).max(MINIMUM_EASE).setScale(2, RoundingMode.HALF_UP);
        return new State(ease, interval, repetitions);
    }

    public static Instant dueAt(Instant attemptedAt, State after) {
        return attemptedAt.plus(Duration.ofDays(after.intervalDays()));
    }
}

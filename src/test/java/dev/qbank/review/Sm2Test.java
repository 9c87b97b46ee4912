package dev.qbank.review;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.math.BigDecimal;
import java.time.Instant;
import org.junit.jupiter.api.Test;

/** The SM-2 formulas (P. Wozniak, 1990), as {@link Sm2} implements them. */
class Sm2Test {

    private static Sm2.State state(String ease, int interval, int repetitions) {
        return new Sm2.State(new BigDecimal(ease), interval, repetitions);
    }

    private static Sm2.State review(Sm2.State state, Rating... ratings) {
        for (Rating rating : ratings) {
            state = Sm2.next(state, rating);
        }
        return state;
    }

    @Test
    void aNewItemStartsWithEaseTwoAndAHalfAndNoRepetitions() {
        assertEquals(state("2.50", 0, 0), Sm2.State.NEW);
    }

    @Test
    void successfulReviewsAreDueAfterOneDayThenSixThenTheIntervalTimesTheEase() {
        Sm2.State first = review(Sm2.State.NEW, Rating.GOOD);
        assertEquals(state("2.50", 1, 1), first);
        Sm2.State second = review(first, Rating.GOOD);
        assertEquals(state("2.50", 6, 2), second);
        Sm2.State third = review(second, Rating.GOOD);
        assertEquals(state("2.50", 15, 3), third, "round(6 * 2.5)");
        Sm2.State fourth = review(third, Rating.GOOD);
        assertEquals(state("2.50", 38, 4), fourth, "round(15 * 2.5) = round(37.5), halves round up");
    }

    @Test
    void theIntervalIsMultipliedByTheEaseTheItemHadBeforeThisReview() {
        // I(n) = I(n-1) * EF uses the ease factor as it stood; the new EF applies from the next review on.
        assertEquals(state("2.36", 15, 3), review(state("2.50", 6, 2), Rating.HARD));
        assertEquals(state("1.40", 8, 4), review(state("1.30", 6, 3), Rating.EASY), "round(6 * 1.3) = round(7.8)");
    }

    @Test
    void theEaseChangesByTheFormulaOfTheResponseQuality() {
        // EF' = EF + (0.1 - (5 - q) * (0.08 + (5 - q) * 0.02)), with again = 1, hard = 3, good = 4, easy = 5.
        assertEquals(new BigDecimal("2.60"), review(Sm2.State.NEW, Rating.EASY).ease(), "q = 5: +0.10");
        assertEquals(new BigDecimal("2.50"), review(Sm2.State.NEW, Rating.GOOD).ease(), "q = 4: +0.00");
        assertEquals(new BigDecimal("2.36"), review(Sm2.State.NEW, Rating.HARD).ease(), "q = 3: -0.14");
        assertEquals(new BigDecimal("1.96"), review(Sm2.State.NEW, Rating.AGAIN).ease(), "q = 1: -0.54");
    }

    @Test
    void theEaseNeverFallsBelowOnePointThree() {
        assertEquals(
                new BigDecimal("1.30"),
                review(state("1.40", 10, 3), Rating.AGAIN).ease(),
                "1.40 - 0.54 floors at 1.30");
        assertEquals(
                new BigDecimal("1.30"),
                review(state("1.35", 10, 3), Rating.HARD).ease(),
                "1.35 - 0.14 floors at 1.30");
        assertEquals(
                new BigDecimal("1.30"),
                review(Sm2.State.NEW, Rating.AGAIN, Rating.AGAIN, Rating.AGAIN, Rating.AGAIN)
                        .ease());
        assertEquals(
                new BigDecimal("1.40"), review(state("1.30", 1, 0), Rating.EASY).ease(), "and climbs back from it");
    }

    @Test
    void aLapseResetsTheRepetitionsAndStartsAgainFromOneDay() {
        Sm2.State learned = state("2.60", 38, 4);
        Sm2.State lapsed = review(learned, Rating.AGAIN);
        assertEquals(0, lapsed.repetitions());
        assertEquals(1, lapsed.intervalDays());
        // Relearning follows the intervals of a new item again: 1 day, then 6, at the lowered ease.
        Sm2.State relearned = review(lapsed, Rating.GOOD);
        assertEquals(state("2.06", 1, 1), relearned);
        assertEquals(state("2.06", 6, 2), review(relearned, Rating.GOOD));
    }

    @Test
    void theNextReviewIsDueTheIntervalInDaysAfterTheAttempt() {
        Instant attempted = Instant.parse("2026-11-28T09:15:30.123456Z");
        assertEquals(Instant.parse("2026-12-04T09:15:30.123456Z"), Sm2.dueAt(attempted, state("2.50", 6, 2)));
        assertEquals(
                Instant.parse("2026-11-29T09:15:30.123456Z"),
                Sm2.dueAt(attempted, review(Sm2.State.NEW, Rating.AGAIN)));
    }

    @Test
    void intervalsStopGrowingAtOneHundredYears() {
        // Found by bench/run: one learner answering the same question "easy" over and over overflowed the due date.
        Sm2.State state = Sm2.State.NEW;
        for (int i = 0; i < 200; i++) {
            state = Sm2.next(state, Rating.EASY);
        }
        assertEquals(Sm2.MAX_INTERVAL_DAYS, state.intervalDays());
        assertEquals(Instant.parse("2126-11-04T00:00:00Z"), Sm2.dueAt(Instant.parse("2026-11-28T00:00:00Z"), state));
    }
}

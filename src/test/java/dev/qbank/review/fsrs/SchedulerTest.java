package dev.qbank.review.fsrs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * The scheduler's steps and states, after the behaviour py-fsrs's {@code tests/test_basic.py} (6.x) checks: learning
 * and relearning steps, graduation, lapses, replays, bounds, plus what we add (a new state, deterministic fuzz).
 */
class SchedulerTest {

    private static final Instant T0 = Instant.parse("2022-11-29T12:30:00Z");
    private static final Scheduler SCHEDULER = Scheduler.defaults();

    private static Duration waitAfter(Card card) {
        return Duration.between(card.lastReview(), card.due());
    }

    private static Card reviewedOnTime(Scheduler scheduler, Card card, Grade... grades) {
        for (Grade grade : grades) {
            card = scheduler.review(card, grade, card.due());
        }
        return card;
    }

    @Test
    void aNewCardHasNoMemoryStateAndZeroRetrievability() {
        Card card = Card.newCard(T0);
        assertEquals(CardState.NEW, card.state());
        assertEquals(0.0, SCHEDULER.retrievability(card, T0.plus(Duration.ofDays(3))));
    }

    /** py-fsrs {@code test_good_learning_steps}. */
    @Test
    void goodWalksThroughTheLearningStepsThenGraduatesToReviewInDays() {
        Card card = SCHEDULER.review(Card.newCard(T0), Grade.GOOD, T0);
        assertEquals(CardState.LEARNING, card.state());
        assertEquals(1, card.step());
        assertEquals(Duration.ofMinutes(10), waitAfter(card));
        card = reviewedOnTime(SCHEDULER, card, Grade.GOOD);
        assertEquals(CardState.REVIEW, card.state());
        assertEquals(Duration.ofDays(2), waitAfter(card), "round(I(0.9, S0(good) = 2.3065))");
    }

    /** py-fsrs {@code test_again_learning_steps}, {@code test_hard_learning_steps}, {@code test_easy_learning_steps}. */
    @Test
    void againHardAndEasyOnTheFirstStepWaitOneMinuteFiveAndAHalfMinutesAndDays() {
        Card again = SCHEDULER.review(Card.newCard(T0), Grade.AGAIN, T0);
        assertEquals(CardState.LEARNING, again.state());
        assertEquals(0, again.step());
        assertEquals(Duration.ofMinutes(1), waitAfter(again));

        Card hard = SCHEDULER.review(Card.newCard(T0), Grade.HARD, T0);
        assertEquals(CardState.LEARNING, hard.state());
        assertEquals(0, hard.step());
        assertEquals(Duration.ofSeconds(330), waitAfter(hard), "(1 min + 10 min) / 2");

        Card easy = SCHEDULER.review(Card.newCard(T0), Grade.EASY, T0);
        assertEquals(CardState.REVIEW, easy.state());
        assertEquals(Duration.ofDays(8), waitAfter(easy), "round(S0(easy) = 8.2956)");
    }

    /** py-fsrs {@code test_learning_card_rate_hard_one_learning_step} and {@code ..._second_learning_step}. */
    @Test
    void hardWaitsOneAndAHalfTimesTheOnlyStepOrRepeatsALaterStep() {
        Scheduler oneStep = SCHEDULER.withLearningSteps(List.of(Duration.ofMinutes(10)));
        assertEquals(Duration.ofMinutes(15), waitAfter(oneStep.review(Card.newCard(T0), Grade.HARD, T0)));

        Card second = SCHEDULER.review(Card.newCard(T0), Grade.GOOD, T0);
        Card hard = reviewedOnTime(SCHEDULER, second, Grade.HARD);
        assertEquals(1, hard.step());
        assertEquals(Duration.ofMinutes(10), waitAfter(hard));
    }

    /** py-fsrs {@code test_review_state} and {@code test_relearning}. */
    @Test
    void aLapseInReviewGoesThroughTheRelearningStepAndGoodBringsItBack() {
        Card review = reviewedOnTime(SCHEDULER, Card.newCard(T0), Grade.GOOD, Grade.GOOD, Grade.GOOD);
        assertEquals(CardState.REVIEW, review.state());
        Card lapsed = reviewedOnTime(SCHEDULER, review, Grade.AGAIN);
        assertEquals(CardState.RELEARNING, lapsed.state());
        assertEquals(0, lapsed.step());
        assertEquals(Duration.ofMinutes(10), waitAfter(lapsed));
        Card again = reviewedOnTime(SCHEDULER, lapsed, Grade.AGAIN);
        assertEquals(CardState.RELEARNING, again.state());
        assertEquals(Duration.ofMinutes(10), waitAfter(again));
        Card back = reviewedOnTime(SCHEDULER, again, Grade.GOOD);
        assertEquals(CardState.REVIEW, back.state());
        assertTrue(waitAfter(back).compareTo(Duration.ofDays(1)) >= 0);
    }

    /** py-fsrs {@code test_relearning_card_rate_hard_two_relearning_steps}. */
    @Test
    void withTwoRelearningStepsHardWaitsTheirMeanThenRepeatsTheSecond() {
        Scheduler scheduler = SCHEDULER.withRelearningSteps(List.of(Duration.ofMinutes(1), Duration.ofMinutes(10)));
        Card relearning = reviewedOnTime(scheduler, Card.newCard(T0), Grade.EASY, Grade.AGAIN);
        Card hard = reviewedOnTime(scheduler, relearning, Grade.HARD);
        assertEquals(0, hard.step());
        assertEquals(Duration.ofSeconds(330), waitAfter(hard));
        Card second = reviewedOnTime(scheduler, hard, Grade.GOOD);
        assertEquals(1, second.step());
        Card hardAgain = reviewedOnTime(scheduler, second, Grade.HARD);
        assertEquals(1, hardAgain.step());
        assertEquals(Duration.ofMinutes(10), waitAfter(hardAgain));
        assertEquals(
                CardState.REVIEW,
                reviewedOnTime(scheduler, hardAgain, Grade.EASY).state());
    }

    /** py-fsrs {@code test_no_learning_steps}, {@code test_no_relearning_steps}. */
    @Test
    void withoutStepsEveryAnswerSchedulesInDays() {
        Card card = SCHEDULER.withLearningSteps(List.of()).review(Card.newCard(T0), Grade.AGAIN, T0);
        assertEquals(CardState.REVIEW, card.state());
        assertTrue(waitAfter(card).toDays() >= 1);

        Scheduler noRelearning = SCHEDULER.withRelearningSteps(List.of());
        Card lapsed = reviewedOnTime(noRelearning, Card.newCard(T0), Grade.GOOD, Grade.GOOD, Grade.AGAIN);
        assertEquals(CardState.REVIEW, lapsed.state());
        assertTrue(waitAfter(lapsed).toDays() >= 1);
    }

    /** py-fsrs {@code test_one_card_multiple_schedulers}: a step past the last graduates on any recall. */
    @Test
    void aCardOnAStepTheSchedulerNoLongerHasGraduatesOnRecall() {
        Card onSecondStep = SCHEDULER.review(Card.newCard(T0), Grade.GOOD, T0);
        Scheduler oneStep = SCHEDULER.withLearningSteps(List.of(Duration.ofMinutes(1)));
        assertEquals(
                CardState.REVIEW, oneStep.review(onSecondStep, Grade.HARD, T0).state());
        Card restarted = oneStep.review(onSecondStep, Grade.AGAIN, T0);
        assertEquals(CardState.LEARNING, restarted.state());
        assertEquals(0, restarted.step());
    }

    /** py-fsrs {@code test_maximum_interval}. */
    @Test
    void noIntervalExceedsTheMaximum() {
        Scheduler capped = SCHEDULER.withMaximumInterval(100);
        Card card = Card.newCard(T0);
        for (Grade grade : List.of(Grade.EASY, Grade.GOOD, Grade.EASY, Grade.GOOD, Grade.EASY, Grade.EASY)) {
            card = capped.review(card, grade, card.due());
            assertTrue(waitAfter(card).toDays() <= 100, waitAfter(card).toString());
        }
        assertEquals(Duration.ofDays(100), waitAfter(card));
    }

    /** py-fsrs {@code test_stability_lower_bound}: a thousand lapses, each a day late. */
    @Test
    void stabilityNeverFallsBelowItsMinimum() {
        Card card = Card.newCard(T0);
        for (int i = 0; i < 1000; i++) {
            card = SCHEDULER.review(card, Grade.AGAIN, card.due().plus(Duration.ofDays(1)));
            assertTrue(card.memory().stability() >= 0.001);
        }
    }

    /** A same-day hard answer never lowers stability: py-fsrs 6.3.2 (pull request 155) and fsrs-rs. */
    @Test
    void aSameDayHardAnswerAfterGoodKeepsStability() {
        Card good = SCHEDULER.review(Card.newCard(T0), Grade.GOOD, T0);
        Card hard = SCHEDULER.review(good, Grade.HARD, T0.plus(Duration.ofMinutes(10)));
        assertEquals(good.memory().stability(), hard.memory().stability());
    }

    @Test
    void daysAreWholeTwentyFourHourPeriodsSoAnAnswerAfterTwentyThreeHoursIsSameDay() {
        Card review = SCHEDULER.review(Card.newCard(T0), Grade.EASY, T0);
        Card sameDay = SCHEDULER.review(review, Grade.GOOD, T0.plus(Duration.ofHours(23)));
        Card nextDay = SCHEDULER.review(review, Grade.GOOD, T0.plus(Duration.ofHours(24)));
        Model model = SCHEDULER.model();
        assertEquals(
                model.shortTermStability(review.memory().stability(), Grade.GOOD),
                sameDay.memory().stability());
        double r = model.retrievability(1, review.memory().stability());
        assertEquals(
                model.stabilityAfterRecall(
                        review.memory().difficulty(), review.memory().stability(), r, Grade.GOOD),
                nextDay.memory().stability());
        assertEquals(1.0, SCHEDULER.retrievability(review, T0.plus(Duration.ofHours(23))));
        assertEquals(r, SCHEDULER.retrievability(review, T0.plus(Duration.ofHours(30))));
    }

    @Test
    void aPreviewShowsWhatEachOfTheFourAnswersWouldDo() {
        Card card = reviewedOnTime(SCHEDULER, Card.newCard(T0), Grade.GOOD, Grade.GOOD);
        Instant now = card.due();
        Map<Grade, Card> preview = SCHEDULER.preview(card, now);
        assertEquals(4, preview.size());
        for (Grade grade : Grade.values()) {
            assertEquals(SCHEDULER.review(card, grade, now), preview.get(grade), grade.name());
        }
        assertEquals(CardState.RELEARNING, preview.get(Grade.AGAIN).state());
        assertTrue(
                preview.get(Grade.HARD).due().isBefore(preview.get(Grade.GOOD).due()));
        assertTrue(
                preview.get(Grade.GOOD).due().isBefore(preview.get(Grade.EASY).due()));
    }

    /** py-fsrs {@code test_reschedule_card_same_scheduler} and {@code ..._different_desired_retention}. */
    @Test
    void replayingTheHistoryGivesTheSameCardAndALowerRetentionGivesALaterDue() {
        Card card = Card.newCard(T0);
        List<ReviewLog> history = new ArrayList<>();
        for (Grade grade : List.of(Grade.GOOD, Grade.GOOD, Grade.GOOD, Grade.AGAIN, Grade.GOOD, Grade.HARD)) {
            history.add(new ReviewLog(7, card.due(), grade));
            card = SCHEDULER.review(card, grade, card.due());
        }
        List<ReviewLog> shuffled = new ArrayList<>(history);
        java.util.Collections.reverse(shuffled);
        assertEquals(card, SCHEDULER.replay(shuffled));

        Card relaxed = SCHEDULER.withDesiredRetention(0.8).replay(history);
        assertEquals(card.memory(), relaxed.memory());
        assertTrue(relaxed.due().isAfter(card.due()));

        history.add(new ReviewLog(8, card.due(), Grade.GOOD));
        assertThrows(IllegalArgumentException.class, () -> SCHEDULER.replay(history));
    }

    @Test
    void fuzzIsOffByDefaultAndWhenOnIsDeterministicAndStaysInItsRange() {
        Card card = reviewedOnTime(SCHEDULER, Card.newCard(T0), Grade.GOOD, Grade.GOOD);
        Instant at = card.due();
        long plain = waitAfter(SCHEDULER.review(card, Grade.GOOD, at)).toDays();
        assertEquals(11, plain);

        Set<Long> seen = new HashSet<>();
        for (long seed = 0; seed < 200; seed++) {
            Scheduler fuzzed = SCHEDULER.withFuzz(Fuzz.seeded(seed));
            long days = waitAfter(fuzzed.review(card, Grade.GOOD, at)).toDays();
            assertEquals(days, waitAfter(fuzzed.review(card, Grade.GOOD, at)).toDays(), "same inputs, same interval");
            // py-fsrs's range around 11 days: 1 + 0.15 * 4.5 + 0.1 * 4 = 2.075, so 9 to 13.
            assertTrue(days >= 9 && days <= 13, "seed " + seed + ": " + days);
            seen.add(days);
        }
        assertEquals(Set.of(9L, 10L, 11L, 12L, 13L), seen);
    }

    @Test
    void fuzzLeavesShortIntervalsAloneAndNeverExceedsTheMaximum() {
        Scheduler scheduler = SCHEDULER.withMaximumInterval(100);
        assertEquals(2, scheduler.fuzzedInterval(2, 0.99));
        assertEquals(100, scheduler.fuzzedInterval(100, 0.999));
        assertTrue(scheduler.fuzzedInterval(100, 0.0) < 100);
    }

    @Test
    void aDesiredRetentionOutsideSeventyToNinetySevenPercentIsRefused() {
        assertThrows(IllegalArgumentException.class, () -> SCHEDULER.withDesiredRetention(0.69));
        assertThrows(IllegalArgumentException.class, () -> SCHEDULER.withDesiredRetention(0.98));
        assertEquals(0.97, SCHEDULER.withDesiredRetention(0.97).desiredRetention());
    }

    @Test
    void stepsMustBePositiveAndShorterThanADayAndTheMaximumIntervalAtMostAHundredYears() {
        assertThrows(IllegalArgumentException.class, () -> SCHEDULER.withLearningSteps(List.of(Duration.ZERO)));
        assertThrows(IllegalArgumentException.class, () -> SCHEDULER.withRelearningSteps(List.of(Duration.ofDays(1))));
        assertThrows(IllegalArgumentException.class, () -> SCHEDULER.withMaximumInterval(0));
        assertThrows(IllegalArgumentException.class, () -> SCHEDULER.withMaximumInterval(36_501));
    }

    @Test
    void higherDesiredRetentionGivesShorterIntervals() {
        Card card = reviewedOnTime(SCHEDULER, Card.newCard(T0), Grade.GOOD, Grade.GOOD);
        long strict = waitAfter(SCHEDULER.withDesiredRetention(0.97).review(card, Grade.GOOD, card.due()))
                .toDays();
        long relaxed = waitAfter(SCHEDULER.withDesiredRetention(0.70).review(card, Grade.GOOD, card.due()))
                .toDays();
        assertTrue(strict < 11 && 11 < relaxed, strict + " < 11 < " + relaxed);
        assertNotEquals(strict, relaxed);
    }
}

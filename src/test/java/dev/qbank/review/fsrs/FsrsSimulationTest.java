package dev.qbank.review.fsrs;

import static org.junit.jupiter.api.Assertions.assertAll;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * FSRS-6 on simulated learners (qbank issue 18, item 6), at a small size that runs in seconds: four learners, each with
 * their own true weights (a typical learner's distance from the defaults), 200 questions over four months, studied
 * with the default scheduler. The full-size figures come from {@code bench/fsrs-simulate} (bench/RESULTS.md).
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class FsrsSimulationTest {

    private static final FsrsSimulation.Config SMALL = new FsrsSimulation.Config(4, 200, 120, 5, 1.0, 1_500, 150, 7);

    private List<FsrsSimulation.Outcome> outcomes;

    @BeforeAll
    void simulateFitAndScore() {
        outcomes = IntStream.rangeClosed(1, SMALL.learners())
                .mapToObj(id -> FsrsSimulation.evaluate(FsrsSimulation.simulate(id, SMALL), SMALL))
                .toList();
    }

    @Test
    void everyLearnerHasEnoughReviewsToCount() {
        outcomes.forEach(o -> assertTrue(
                o.enoughReviews(SMALL), () -> "learner " + o.learner().id()));
    }

    @Test
    void onHeldOutAnswersFittedWeightsBeatTheDefaultsAndTheDefaultsBeatSm2InLogLoss() {
        assertAll(outcomes.stream().filter(o -> o.enoughReviews(SMALL)).map(o -> () -> {
            double fitted = o.fittedScores().logLoss();
            double defaults = o.defaultScores().logLoss();
            double sm2 = o.sm2Scores().logLoss();
            assertTrue(
                    fitted < defaults && defaults < sm2,
                    "learner " + o.learner().id() + ": fitted " + fitted + " < default " + defaults + " < SM-2 " + sm2);
        }));
    }

    @Test
    void fittedWeightsLieNearerTheTruthThanTheDefaults() {
        assertAll(outcomes.stream()
                .map(o -> () -> assertTrue(
                        o.fittedDistance() < o.defaultDistance(),
                        "learner " + o.learner().id() + ": fitted " + o.fittedDistance() + " < default "
                                + o.defaultDistance())));
    }

    @Test
    void fittedWeightsPredictTheTrueRecallBetterThanTheDefaults() {
        assertAll(outcomes.stream()
                .map(o -> () -> assertTrue(
                        o.fittedScores().recallError() < o.defaultScores().recallError(),
                        "learner " + o.learner().id() + ": mean |R - R true| fitted "
                                + o.fittedScores().recallError() + " < default "
                                + o.defaultScores().recallError())));
    }

    @Test
    void theSimulationIsDeterministic() {
        FsrsSimulation.Learner again = FsrsSimulation.simulate(1, SMALL);
        assertEquals(outcomes.get(0).learner(), again);
    }

    @Test
    void rmseBinsIsZeroWhenEveryBinIsPredictedAtItsMeanOutcome() {
        // Two answers in one bin, recalled once: predicting 0.5 for both is exact for the bin, whatever each answer.
        List<FsrsSimulation.Prediction> bin = List.of(
                new FsrsSimulation.Prediction(1, 0.5, 0.5, 3, 2, 0),
                new FsrsSimulation.Prediction(0, 0.5, 0.5, 3, 2, 0));
        assertEquals(0.0, FsrsSimulation.rmseBins(bin), 1e-12);
        // One answer alone in another bin (10 days: another elapsed-time bin), predicted 0.8 and recalled: error 0.2.
        List<FsrsSimulation.Prediction> two =
                List.of(bin.get(0), bin.get(1), new FsrsSimulation.Prediction(1, 0.8, 0.8, 10, 2, 0));
        assertEquals(Math.sqrt(0.04 / 3), FsrsSimulation.rmseBins(two), 1e-12);
        assertEquals(-Math.log(0.5), FsrsSimulation.logLoss(bin), 1e-12);
    }
}

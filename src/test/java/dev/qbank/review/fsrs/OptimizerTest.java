package dev.qbank.review.fsrs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * The optimizer on simulated answers: a learner whose memory follows known weights (not the defaults) reviews 500
 * items, 10,000 answers, at intervals from 0.3 to 3 times the ones FSRS would give; the fit must explain the
 * answers better than the defaults do, and come nearer to the known weights.
 */
class OptimizerTest {

    private static final Instant T0 = Instant.parse("2025-01-06T08:00:00Z");

    /** The learner's true weights: slower and faster initial memories, other growth and forgetting, decay 0.4. */
    private static final Parameters TRUTH = Parameters.of(
            0.5, 2.0, 5.0, 15.0, 6.4133, 0.8334, 3.0194, 0.001, 1.5, 0.1666, 1.1, 1.8, 0.0614, 0.2629, 1.6483, 0.6014,
            1.8729, 0.5425, 0.0912, 0.0658, 0.4);

    static List<ReviewLog> simulate(Parameters truth, int cards, int answersPerCard, long seed) {
        SplittableRandom random = new SplittableRandom(seed);
        Model model = new Model(truth);
        List<ReviewLog> logs = new ArrayList<>();
        for (int card = 0; card < cards; card++) {
            Instant at = T0.plus(Duration.ofMinutes(random.nextInt(60 * 24 * 30)));
            Grade grade = firstGrade(random.nextDouble());
            MemoryState state = model.initialState(grade);
            logs.add(new ReviewLog(card, at, grade));
            for (int i = 1; i < answersPerCard; i++) {
                double planned = model.interval(state.stability(), 0.9) * (0.3 + 2.7 * random.nextDouble());
                long days = Math.max(1, Math.min(Math.round(planned), 3650));
                at = at.plus(Duration.ofDays(days)).plus(Duration.ofMinutes(random.nextInt(120)));
                boolean recalled = random.nextDouble() < model.retrievability(days, state.stability());
                grade = recalled ? recallGrade(random.nextDouble()) : Grade.AGAIN;
                logs.add(new ReviewLog(card, at, grade));
                state = model.next(state, days, grade);
            }
        }
        return logs;
    }

    private static Grade firstGrade(double u) {
        return u < 0.25 ? Grade.AGAIN : u < 0.35 ? Grade.HARD : u < 0.85 ? Grade.GOOD : Grade.EASY;
    }

    private static Grade recallGrade(double u) {
        return u < 0.15 ? Grade.HARD : u < 0.9 ? Grade.GOOD : Grade.EASY;
    }

    /** Root mean square distance of two weight sets, each weight as a fraction of its range. */
    private static double distance(Parameters a, Parameters b) {
        double sum = 0;
        for (int i = 0; i < Parameters.COUNT; i++) {
            double range = Parameters.upperBound(i) - Parameters.lowerBound(i);
            double d = (a.w(i) - b.w(i)) / range;
            sum += d * d;
        }
        return Math.sqrt(sum / Parameters.COUNT);
    }

    @Test
    void fittingTenThousandSimulatedAnswersExplainsThemBetterThanTheDefaultsAndNearsTheTrueWeights() {
        List<ReviewLog> logs = simulate(TRUTH, 500, 20, 42);
        assertEquals(10_000, logs.size());
        Optimizer optimizer = Optimizer.of(logs);
        assertEquals(9_500, optimizer.predictions());

        long started = System.nanoTime();
        Optimizer.Result result = optimizer.fit(4_000);
        Duration took = Duration.ofNanos(System.nanoTime() - started);

        double defaults = optimizer.logLoss(Parameters.DEFAULT);
        double truth = optimizer.logLoss(TRUTH);
        System.out.printf(
                "FSRS fit: %d evaluations in %d ms; log loss defaults %.4f, fitted %.4f, true %.4f; distance to"
                        + " truth defaults %.4f, fitted %.4f; fitted %s%n",
                result.evaluations(),
                took.toMillis(),
                defaults,
                result.logLoss(),
                truth,
                distance(Parameters.DEFAULT, TRUTH),
                distance(result.parameters(), TRUTH),
                result.parameters());
        assertTrue(result.logLoss() < defaults, "fitted " + result.logLoss() + " < defaults " + defaults);
        assertTrue(result.logLoss() <= truth + 0.005, "fitted " + result.logLoss() + " near the truth's " + truth);
        assertTrue(distance(result.parameters(), TRUTH) < distance(Parameters.DEFAULT, TRUTH));
        assertTrue(took.compareTo(Duration.ofSeconds(60)) < 0, took.toString());

        // A fresh simulation from the same learner: the fit generalizes, it did not learn the noise.
        Optimizer heldOut = Optimizer.of(simulate(TRUTH, 500, 20, 7));
        assertTrue(heldOut.logLoss(result.parameters()) < heldOut.logLoss(Parameters.DEFAULT));
    }

    @Test
    void withoutAnswersADayApartThereIsNothingToFitAndTheDefaultsStay() {
        List<ReviewLog> sameDay =
                List.of(new ReviewLog(1, T0, Grade.GOOD), new ReviewLog(1, T0.plusSeconds(600), Grade.GOOD));
        Optimizer optimizer = Optimizer.of(sameDay);
        assertEquals(0, optimizer.predictions());
        assertEquals(Parameters.DEFAULT, optimizer.fit(100).parameters());
    }

    @Test
    void theFittedWeightsStayWithinTheirBounds() {
        Optimizer.Result result = Optimizer.of(simulate(TRUTH, 100, 10, 3)).fit(1_000);
        double[] w = result.parameters().toArray();
        for (int i = 0; i < Parameters.COUNT; i++) {
            assertTrue(Parameters.lowerBound(i) <= w[i] && w[i] <= Parameters.upperBound(i), "w" + i + " = " + w[i]);
        }
        assertEquals(result.parameters(), Parameters.of(w));
    }
}

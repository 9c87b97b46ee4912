package dev.qbank.review.fsrs;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;
import org.apache.commons.math3.exception.TooManyEvaluationsException;
import org.apache.commons.math3.optim.InitialGuess;
import org.apache.commons.math3.optim.MaxEval;
import org.apache.commons.math3.optim.SimpleBounds;
import org.apache.commons.math3.optim.nonlinear.scalar.GoalType;
import org.apache.commons.math3.optim.nonlinear.scalar.ObjectiveFunction;
import org.apache.commons.math3.optim.nonlinear.scalar.noderiv.BOBYQAOptimizer;

/**
 * Fits the 21 FSRS-6 weights to one learner's answers by minimizing the log loss of predicted recall, as the reference
 * optimizers (fsrs-rs {@code compute_parameters}, py-fsrs {@code Optimizer}) do:
 *
 * <pre>
 *   loss(w) = -1/N * sum over answers given at least a day after the previous one of
 *             [ y ln R(t, S) + (1 - y) ln(1 - R(t, S)) ]          y = 1 for hard, good, easy; 0 for again
 *           + 1/N * sum_i ((w_i - default_i) / stddev_i)^2
 * </pre>
 *
 * S is the stability the model gives the item from its earlier answers, t the whole days since the last one. The second
 * term is fsrs-rs's penalty towards the defaults (which are also the start), with its standard deviations: weights the
 * answers say little about (the same-day ones, when a learner never answers twice a day) stay near the defaults, and
 * few answers move them little. The weights are searched within their published bounds by BOBYQA (Powell's bounded
 * derivative-free trust-region method, Apache Commons Math), on each weight scaled to [0, 1]; it needs no gradient,
 * and holds only the answers' grades and gaps, two small arrays per item: a few hundred kilobytes for 10,000 answers.
 */
public final class Optimizer {

    /**
     * The prior's standard deviation of each weight around its default: fsrs-rs's {@code PARAMS_STDDEV} (FSRS-6
     * training, with {@code gamma} = 1), the spread of the weights fitted to many learners' collections.
     */
    private static final double[] PRIOR_STDDEV = {
        6.43, 9.66, 17.58, 27.85, 0.57, 0.28, 0.6, 0.12, 0.39, 0.18, 0.33, 0.3, 0.09, 0.16, 0.57, 0.25, 1.03, 0.31,
        0.32, 0.14, 0.27
    };

    private static final double EPSILON = 1e-9;
    /** BOBYQA's first and last trust-region radius, on weights scaled to [0, 1]: 5% of a range, then 0.01%. */
    private static final double INITIAL_RADIUS = 0.05;

    private static final double STOPPING_RADIUS = 1e-4;

    private final int[][] grades;
    private final double[][] elapsedDays;
    private final int predictions;

    private Optimizer(List<List<ReviewLog>> cards) {
        grades = new int[cards.size()][];
        elapsedDays = new double[cards.size()][];
        int count = 0;
        for (int c = 0; c < cards.size(); c++) {
            List<ReviewLog> history = cards.get(c);
            grades[c] = new int[history.size()];
            elapsedDays[c] = new double[history.size()];
            for (int i = 0; i < history.size(); i++) {
                grades[c][i] = history.get(i).grade().value;
                if (i > 0) {
                    long days = Scheduler.elapsedDays(
                            history.get(i - 1).reviewedAt(), history.get(i).reviewedAt());
                    elapsedDays[c][i] = days;
                    if (days >= 1) {
                        count++;
                    }
                }
            }
        }
        predictions = count;
    }

    /** An optimizer over these answers, grouped by card and put in time order. */
    public static Optimizer of(Collection<ReviewLog> reviews) {
        Map<Long, List<ReviewLog>> byCard = reviews.stream()
                .collect(Collectors.groupingBy(
                        ReviewLog::cardId, TreeMap::new, Collectors.toCollection(ArrayList::new)));
        List<List<ReviewLog>> cards = new ArrayList<>();
        for (List<ReviewLog> history : byCard.values()) {
            history.sort(Comparator.comparing(ReviewLog::reviewedAt));
            cards.add(history);
        }
        return new Optimizer(cards);
    }

    /** How many answers the loss predicts (those at least a day after the card's previous answer). */
    public int predictions() {
        return predictions;
    }

    /** The mean log loss of the recall these weights predict, without the prior: how well they explain the answers. */
    public double logLoss(Parameters parameters) {
        if (predictions == 0) {
            return 0.0;
        }
        return negativeLogLikelihood(new Model(parameters)) / predictions;
    }

    /**
     * The fitted weights, starting from and drawn towards the defaults, after at most {@code maxEvaluations} losses
     * (about 3 to 5 ms each for 10,000 answers on two busy cores; such a fit converged after some 2,700, in 8 to 13 s):
     * the best found when the search converges or the budget runs out.
     */
    public Result fit(int maxEvaluations) {
        if (predictions == 0) {
            return new Result(Parameters.DEFAULT, 0.0, 0);
        }
        double[] lower = new double[Parameters.COUNT];
        double[] upper = new double[Parameters.COUNT];
        Arrays.fill(upper, 1.0);
        double[] start = scaled(Parameters.DEFAULT);
        // BOBYQA throws when out of evaluations without saying where it was: keep the best point seen ourselves.
        double[] best = start.clone();
        double[] bestValue = {objective(start)};
        int[] evaluations = {1};
        ObjectiveFunction tracked = new ObjectiveFunction(x -> {
            double value = objective(x);
            evaluations[0]++;
            if (value < bestValue[0]) {
                bestValue[0] = value;
                System.arraycopy(x, 0, best, 0, x.length);
            }
            return value;
        });
        try {
            new BOBYQAOptimizer(2 * Parameters.COUNT + 1, INITIAL_RADIUS, STOPPING_RADIUS)
                    .optimize(
                            new MaxEval(maxEvaluations),
                            tracked,
                            GoalType.MINIMIZE,
                            new InitialGuess(start),
                            new SimpleBounds(lower, upper));
        } catch (TooManyEvaluationsException stoppedAtTheBudget) {
            // the best point so far is the answer: the budget is what bounds the fit's time
        }
        Parameters fitted = unscaled(best);
        return new Result(fitted, logLoss(fitted), evaluations[0]);
    }

    /** Fitted weights, their log loss on the answers, and how many times the loss was computed. */
    public record Result(Parameters parameters, double logLoss, int evaluations) {}

    private double objective(double[] x) {
        Parameters parameters = unscaled(x);
        double prior = 0.0;
        for (int i = 0; i < Parameters.COUNT; i++) {
            double deviation = (parameters.w(i) - Parameters.DEFAULT.w(i)) / PRIOR_STDDEV[i];
            prior += deviation * deviation;
        }
        return (negativeLogLikelihood(new Model(parameters)) + prior) / predictions;
    }

    private double negativeLogLikelihood(Model model) {
        double sum = 0.0;
        for (int c = 0; c < grades.length; c++) {
            int[] g = grades[c];
            double[] t = elapsedDays[c];
            MemoryState state = model.initialState(Grade.of(g[0]));
            for (int i = 1; i < g.length; i++) {
                if (t[i] >= 1) {
                    double r = Math.min(Math.max(model.retrievability(t[i], state.stability()), EPSILON), 1 - EPSILON);
                    sum -= g[i] > 1 ? Math.log(r) : Math.log(1 - r);
                }
                state = model.next(state, (long) t[i], Grade.of(g[i]));
            }
        }
        return sum;
    }

    private static double[] scaled(Parameters parameters) {
        double[] x = new double[Parameters.COUNT];
        for (int i = 0; i < Parameters.COUNT; i++) {
            x[i] = scaled(parameters.w(i), i);
        }
        return x;
    }

    private static double scaled(double w, int i) {
        return (w - Parameters.lowerBound(i)) / (Parameters.upperBound(i) - Parameters.lowerBound(i));
    }

    private static Parameters unscaled(double[] x) {
        double[] w = new double[Parameters.COUNT];
        for (int i = 0; i < Parameters.COUNT; i++) {
            w[i] = Parameters.lowerBound(i) + x[i] * (Parameters.upperBound(i) - Parameters.lowerBound(i));
        }
        return Parameters.clamped(w);
    }
}

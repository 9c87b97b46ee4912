package dev.qbank.review.fsrs;

import dev.qbank.review.Rating;
import dev.qbank.review.Sm2;
import java.lang.management.GarbageCollectorMXBean;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.TreeMap;
import java.util.function.ToDoubleFunction;

/**
 * Simulated learners whose memory follows known FSRS-6 weights, for parameter recovery and held-out log loss (qbank
 * issue 18, item 6). Each learner gets their own true weights, drawn near the defaults; they study with a scheduler that
 * knows only the defaults (as a real learner before the first fit does), and each answer is drawn from the TRUE model's
 * recall probability at the moment the default scheduler asks. The first 80% of a learner's answers (by time) train the
 * optimizer; the last 20% are predicted by the fitted weights, the defaults and SM-2, and scored as the srs-benchmark
 * (open-spaced-repetition/srs-benchmark) scores them. Deterministic: everything is drawn from seeded generators.
 *
 * <p>{@link #main} is the full-size harness ({@code bench/fsrs-simulate}); {@code FsrsSimulationTest} runs a small one.
 */
public final class FsrsSimulation {

    /** The first day of every simulation, a Monday. */
    static final Instant T0 = Instant.parse("2026-01-05T00:00:00Z");

    /**
     * Grade probabilities of the FSRS simulators (fsrs-rs {@code SimulatorConfig::default}, as the Anki simulator and
     * the srs-benchmark's tools use them): a first answer is again / hard / good / easy with these probabilities ...
     */
    private static final double[] FIRST_GRADE = {0.24, 0.094, 0.495, 0.171};
    /** ... and a later one, once recall succeeded (drawn from R), is hard / good / easy with these. */
    private static final double[] PASS_GRADE = {0.224, 0.631, 0.145};

    /**
     * fsrs-rs's {@code PARAMS_STDDEV} (the spread of the weights fitted to many learners, also the optimizer's prior):
     * the scale of the distance between weight sets, and of how far a simulated learner's weights lie from the
     * defaults.
     */
    static final double[] STDDEV = {
        6.43, 9.66, 17.58, 27.85, 0.57, 0.28, 0.6, 0.12, 0.39, 0.18, 0.33, 0.3, 0.09, 0.16, 0.57, 0.25, 1.03, 0.31,
        0.32, 0.14, 0.27
    };

    private static final double EPSILON = 1e-9;
    private static final double SPLIT = 0.8;

    /**
     * The size of a simulation.
     *
     * @param learners how many learners, each with their own weights and seed
     * @param questions questions per learner
     * @param days days of study
     * @param newPerDay new questions introduced per day, until all are
     * @param spread how far true weights lie from the defaults, in fsrs-rs standard deviations (initial stabilities:
     *     a log-normal factor of the same spread)
     * @param maxEvaluations the optimizer's budget of loss evaluations
     * @param minHeldOut the fewest held-out predictions for a learner to count as having "enough reviews"
     * @param seed the seed of everything
     */
    record Config(
            int learners,
            int questions,
            int days,
            int newPerDay,
            double spread,
            int maxEvaluations,
            int minHeldOut,
            long seed) {}

    /** One simulated answer, with the true recall probability it was drawn from (1 for same-day answers). */
    record Answer(int sequence, ReviewLog log, double trueRecall) {}

    /** A learner's true weights and answers, in time order. */
    record Learner(int id, Parameters truth, List<Answer> answers) {}

    /** Log loss, RMSE (bins) and mean |R - R_true| of one predictor on the held-out answers. */
    record Scores(double logLoss, double rmseBins, double recallError) {}

    /** What one learner's fit and evaluation came to. */
    record Outcome(
            Learner learner,
            Parameters fitted,
            int trainAnswers,
            int heldOutPredictions,
            Scores fittedScores,
            Scores defaultScores,
            Scores sm2Scores,
            double fittedDistance,
            double defaultDistance,
            Duration fitTime,
            int evaluations) {

        boolean enoughReviews(Config config) {
            return heldOutPredictions >= config.minHeldOut();
        }
    }

    private FsrsSimulation() {}

    /** True weights near the defaults: each default moved by a normal draw of {@code spread} standard deviations. */
    static Parameters drawTruth(SplittableRandom random, double spread) {
        double[] w = Parameters.DEFAULT.toArray();
        // Initial stabilities multiply (their spread across learners is wide and skewed), and keep again <= ... <=
        // easy.
        for (int i = 0; i < 4; i++) {
            w[i] *= Math.exp(spread * gaussian(random));
        }
        java.util.Arrays.sort(w, 0, 4);
        for (int i = 4; i < Parameters.COUNT; i++) {
            w[i] += spread * STDDEV[i] * gaussian(random);
        }
        return Parameters.clamped(w);
    }

    /**
     * One learner's six months (or whatever the config says): every day a session starts between 08:00 and 12:00, brings
     * in the day's new questions, and goes through every card due before the session's hour is over, learning steps
     * (minutes apart) included, 15 to 45 seconds an answer. The scheduler is the default one, fuzz on.
     */
    static Learner simulate(int id, Config config) {
        long seed = config.seed() * 1_000_003L + id;
        SplittableRandom random = new SplittableRandom(seed);
        Parameters truth = drawTruth(random, config.spread());
        Model trueModel = new Model(truth);
        Scheduler scheduler = Scheduler.defaults().withFuzz(Fuzz.seeded(seed));
        int n = config.questions();
        Card[] cards = new Card[n];
        MemoryState[] memory = new MemoryState[n];
        List<Answer> answers = new ArrayList<>();
        int introduced = 0;
        for (int day = 0; day < config.days(); day++) {
            Instant now = T0.plus(Duration.ofDays(day)).plus(Duration.ofMinutes(8 * 60 + random.nextInt(4 * 60)));
            Instant end = now.plus(Duration.ofHours(1));
            for (int k = 0; k < config.newPerDay() && introduced < n; k++, introduced++) {
                cards[introduced] = Card.newCard(now);
            }
            while (true) {
                int next = -1;
                for (int c = 0; c < introduced; c++) {
                    if (next < 0 || cards[c].due().isBefore(cards[next].due())) {
                        next = c;
                    }
                }
                if (next < 0 || cards[next].due().isAfter(end)) {
                    break;
                }
                if (cards[next].due().isAfter(now)) {
                    now = cards[next].due();
                }
                Card card = cards[next];
                Grade grade;
                double recall;
                if (card.lastReview() == null) {
                    recall = Double.NaN;
                    grade = Grade.of(1 + pick(random, FIRST_GRADE));
                    memory[next] = trueModel.initialState(grade);
                } else {
                    long elapsed = Scheduler.elapsedDays(card.lastReview(), now);
                    recall = trueModel.retrievability(elapsed, memory[next].stability());
                    grade = random.nextDouble() < recall ? Grade.of(2 + pick(random, PASS_GRADE)) : Grade.AGAIN;
                    memory[next] = trueModel.next(memory[next], elapsed, grade);
                }
                answers.add(new Answer(answers.size(), new ReviewLog(next, now, grade), recall));
                cards[next] = scheduler.review(card, grade, now);
                now = now.plusSeconds(15 + random.nextInt(31));
            }
        }
        return new Learner(id, truth, answers);
    }

    /** Fits on the first 80% of the learner's answers and scores fitted, default and SM-2 on the last 20%. */
    static Outcome evaluate(Learner learner, Config config) {
        List<Answer> answers = learner.answers();
        int cut = (int) Math.floor(answers.size() * SPLIT);
        List<ReviewLog> train =
                answers.subList(0, cut).stream().map(Answer::log).toList();
        long started = System.nanoTime();
        Optimizer.Result fit = Optimizer.of(train).fit(config.maxEvaluations());
        Duration fitTime = Duration.ofNanos(System.nanoTime() - started);

        List<Prediction> fitted = predict(answers, cut, new FsrsPredictor(fit.parameters()));
        List<Prediction> defaults = predict(answers, cut, new FsrsPredictor(Parameters.DEFAULT));
        List<Prediction> sm2 = predict(answers, cut, new Sm2Predictor());
        return new Outcome(
                learner,
                fit.parameters(),
                cut,
                fitted.size(),
                scores(fitted),
                scores(defaults),
                scores(sm2),
                distance(fit.parameters(), learner.truth()),
                distance(Parameters.DEFAULT, learner.truth()),
                fitTime,
                fit.evaluations());
    }

    /**
     * The distance of two weight sets: the root mean square of their differences, each in fsrs-rs standard deviations
     * of its weight (the optimizer's prior): a difference of one means "as far apart as two typical learners".
     */
    static double distance(Parameters a, Parameters b) {
        double sum = 0;
        for (int i = 0; i < Parameters.COUNT; i++) {
            double d = (a.w(i) - b.w(i)) / STDDEV[i];
            sum += d * d;
        }
        return Math.sqrt(sum / Parameters.COUNT);
    }

    // ---- predictions, as the srs-benchmark makes them ----

    /**
     * One held-out prediction: y (1 recalled, 0 again), p, the true R, and the srs-benchmark's bin coordinates: whole
     * days since the previous answer, this answer's number in the card's history (1 for the first), and how many
     * earlier answers were lapses a day or more after their predecessor.
     */
    record Prediction(int y, double p, double trueRecall, long elapsedDays, int number, int lapses) {}

    /** Predicts recall for each answer of one card in turn, seeing each answer after predicting it. */
    private interface Predictor {
        /** A fresh state for a new card. */
        CardPredictor start();
    }

    private interface CardPredictor {
        /** R after {@code elapsedDays} (called only after the first answer). */
        double recall(long elapsedDays);

        void answer(Grade grade, long elapsedDays, boolean first);
    }

    private record FsrsPredictor(Parameters parameters) implements Predictor {
        @Override
        public CardPredictor start() {
            Model model = new Model(parameters);
            return new CardPredictor() {
                private MemoryState state;

                @Override
                public double recall(long elapsedDays) {
                    return model.retrievability(elapsedDays, state.stability());
                }

                @Override
                public void answer(Grade grade, long elapsedDays, boolean first) {
                    state = first ? model.initialState(grade) : model.next(state, elapsedDays, grade);
                }
            };
        }
    }

    /**
     * SM-2 (qbank's {@link Sm2}) read as a forgetting curve, as the srs-benchmark does
     * ({@code model_processors.process_untrainable}): R = 0.9^(t / I), I the interval SM-2 set after all earlier
     * answers of the card (same-day ones included, as the benchmark's {@code r_history}), so that R = 90% at the
     * interval SM-2 scheduled.
     */
    private record Sm2Predictor() implements Predictor {
        @Override
        public CardPredictor start() {
            return new CardPredictor() {
                private Sm2.State state = Sm2.State.NEW;

                @Override
                public double recall(long elapsedDays) {
                    return Math.pow(0.9, (double) elapsedDays / state.intervalDays());
                }

                @Override
                public void answer(Grade grade, long elapsedDays, boolean first) {
                    state = Sm2.next(state, Rating.values()[grade.value - 1]);
                }
            };
        }
    }

    /**
     * Replays every card from its first answer and predicts the answers from index {@code cut} on that come a day or
     * more after the card's previous one (the srs-benchmark's {@code no_test_same_day}; the optimizer trains on those
     * only, too).
     */
    private static List<Prediction> predict(List<Answer> answers, int cut, Predictor predictor) {
        Map<Long, List<Answer>> byCard = new TreeMap<>();
        for (Answer a : answers) {
            byCard.computeIfAbsent(a.log().cardId(), k -> new ArrayList<>()).add(a);
        }
        List<Prediction> out = new ArrayList<>();
        for (List<Answer> history : byCard.values()) {
            CardPredictor card = predictor.start();
            int lapses = 0;
            for (int i = 0; i < history.size(); i++) {
                Answer a = history.get(i);
                long elapsed = i == 0
                        ? 0
                        : Scheduler.elapsedDays(
                                history.get(i - 1).log().reviewedAt(), a.log().reviewedAt());
                Grade grade = a.log().grade();
                if (i > 0 && elapsed >= 1 && a.sequence() >= cut) {
                    double p = card.recall(elapsed);
                    out.add(new Prediction(grade.isRecall() ? 1 : 0, p, a.trueRecall(), elapsed, i + 1, lapses));
                }
                if (i > 0 && elapsed >= 1 && grade == Grade.AGAIN) {
                    lapses++;
                }
                card.answer(grade, elapsed, i == 0);
            }
        }
        return out;
    }

    static Scores scores(List<Prediction> predictions) {
        return new Scores(
                logLoss(predictions), rmseBins(predictions), mean(predictions, p -> Math.abs(p.p() - p.trueRecall())));
    }

    /** Mean binary cross-entropy, p clipped to [1e-9, 1 - 1e-9]. */
    static double logLoss(List<Prediction> predictions) {
        return mean(predictions, p -> {
            double r = Math.min(Math.max(p.p(), EPSILON), 1 - EPSILON);
            return p.y() == 1 ? -Math.log(r) : -Math.log(1 - r);
        });
    }

    /**
     * RMSE (bins) as the srs-benchmark's {@code utils.rmse_matrix} defines it: answers are grouped by (elapsed days
     * binned as 2.48 * 3.62^floor(log_3.62 t), answer number binned as 1.99 * 1.89^floor(log_1.89 i), lapses binned as
     * 1.65 * 1.73^floor(log_1.73 l) or 0); within each bin the mean outcome is compared with the mean prediction, and
     * the root of the squared differences' mean weighted by the bins' sizes is the RMSE. (Binning by the floor's
     * exponent groups exactly as the rounded bin values do: they are distinct for distinct exponents.)
     */
    static double rmseBins(List<Prediction> predictions) {
        Map<String, double[]> bins = new HashMap<>();
        for (Prediction p : predictions) {
            String key = floorLog(p.elapsedDays(), 3.62) + "/" + floorLog(p.number(), 1.89) + "/"
                    + (p.lapses() == 0 ? "none" : String.valueOf(floorLog(p.lapses(), 1.73)));
            double[] bin = bins.computeIfAbsent(key, k -> new double[3]);
            bin[0] += p.y();
            bin[1] += p.p();
            bin[2]++;
        }
        double sum = 0;
        double weight = 0;
        for (double[] bin : bins.values()) {
            double d = bin[0] / bin[2] - bin[1] / bin[2];
            sum += bin[2] * d * d;
            weight += bin[2];
        }
        return Math.sqrt(sum / weight);
    }

    private static long floorLog(double x, double base) {
        return (long) Math.floor(Math.log(x) / Math.log(base));
    }

    private static double mean(List<Prediction> predictions, ToDoubleFunction<Prediction> f) {
        return predictions.stream().mapToDouble(f).average().orElse(Double.NaN);
    }

    private static int pick(SplittableRandom random, double[] probabilities) {
        double u = random.nextDouble();
        for (int i = 0; i < probabilities.length - 1; i++) {
            u -= probabilities[i];
            if (u < 0) {
                return i;
            }
        }
        return probabilities.length - 1;
    }

    /** A standard normal draw (Box-Muller), from the seeded generator. */
    private static double gaussian(SplittableRandom random) {
        double u = 1.0 - random.nextDouble();
        return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * random.nextDouble());
    }

    // ---- the harness ----

    /**
     * Prints the Markdown of bench/RESULTS.md's FSRS section: per learner and in summary, then the cost of fitting one
     * learner's 10,000 answers. Arguments: {@code key=value} overrides of the full-size config (learners, questions,
     * days, newPerDay, spread, maxEvaluations, minHeldOut, seed, heavyQuestions).
     */
    public static void main(String[] args) {
        Map<String, String> options = new HashMap<>();
        for (String arg : args) {
            String[] kv = arg.split("=", 2);
            options.put(kv[0], kv[1]);
        }
        Config config = new Config(
                Integer.parseInt(options.getOrDefault("learners", "10")),
                Integer.parseInt(options.getOrDefault("questions", "300")),
                Integer.parseInt(options.getOrDefault("days", "180")),
                Integer.parseInt(options.getOrDefault("newPerDay", "5")),
                Double.parseDouble(options.getOrDefault("spread", "1.0")),
                Integer.parseInt(options.getOrDefault("maxEvaluations", "4000")),
                Integer.parseInt(options.getOrDefault("minHeldOut", "200")),
                Long.parseLong(options.getOrDefault("seed", "2026")));
        int heavyQuestions = Integer.parseInt(options.getOrDefault("heavyQuestions", "1050"));
        System.out.print(report(config, heavyQuestions));
    }

    static String report(Config config, int heavyQuestions) {
        StringBuilder out = new StringBuilder();
        out.append(String.format(
                Locale.ROOT,
                "Configuration: %d learners, %d questions each, %d days, %d new questions a day, true weights %.2f"
                        + " standard deviations from the defaults, optimizer budget %d evaluations, seed %d; Java %s,"
                        + " max heap %d MB.%n%n",
                config.learners(),
                config.questions(),
                config.days(),
                config.newPerDay(),
                config.spread(),
                config.maxEvaluations(),
                config.seed(),
                System.getProperty("java.version"),
                Runtime.getRuntime().maxMemory() >> 20));
        out.append("| Learner | Answers (train / held-out predicted) | Distance to truth: default / fitted"
                + " | Mean abs(R - R true): default / fitted / SM-2 | Log loss: fitted / default / SM-2"
                + " | RMSE (bins): fitted / default / SM-2 | Fit |\n");
        out.append("|---|---:|---:|---:|---:|---:|---:|\n");
        List<Outcome> outcomes = new ArrayList<>();
        for (int id = 1; id <= config.learners(); id++) {
            Outcome o = evaluate(simulate(id, config), config);
            outcomes.add(o);
            out.append(String.format(
                    Locale.ROOT,
                    "| %d%s | %,d / %,d | %.3f / %.3f | %.4f / %.4f / %.4f | %.4f / %.4f / %.4f"
                            + " | %.4f / %.4f / %.4f | %.1f s, %,d evaluations |%n",
                    o.learner().id(),
                    o.enoughReviews(config) ? "" : " (too few)",
                    o.trainAnswers(),
                    o.heldOutPredictions(),
                    o.defaultDistance(),
                    o.fittedDistance(),
                    o.defaultScores().recallError(),
                    o.fittedScores().recallError(),
                    o.sm2Scores().recallError(),
                    o.fittedScores().logLoss(),
                    o.defaultScores().logLoss(),
                    o.sm2Scores().logLoss(),
                    o.fittedScores().rmseBins(),
                    o.defaultScores().rmseBins(),
                    o.sm2Scores().rmseBins(),
                    o.fitTime().toMillis() / 1000.0,
                    o.evaluations()));
        }
        List<Outcome> counted =
                outcomes.stream().filter(o -> o.enoughReviews(config)).toList();
        long ordered = counted.stream()
                .filter(o -> o.fittedScores().logLoss() < o.defaultScores().logLoss()
                        && o.defaultScores().logLoss() < o.sm2Scores().logLoss())
                .count();
        long nearer = counted.stream()
                .filter(o -> o.fittedDistance() < o.defaultDistance())
                .count();
        out.append(String.format(
                Locale.ROOT,
                "%nSummary over the %d learners with at least %d held-out predictions: log loss fitted < default < SM-2"
                        + " for %d of %d; fitted weights nearer the truth than the defaults for %d of %d. Means:"
                        + " distance to truth default %.3f, fitted %.3f; mean abs(R - R true) default %.4f, fitted %.4f,"
                        + " SM-2 %.4f; log loss fitted %.4f, default %.4f, SM-2 %.4f; RMSE (bins) fitted %.4f,"
                        + " default %.4f, SM-2 %.4f.%n",
                counted.size(),
                config.minHeldOut(),
                ordered,
                counted.size(),
                nearer,
                counted.size(),
                avg(counted, Outcome::defaultDistance),
                avg(counted, Outcome::fittedDistance),
                avg(counted, o -> o.defaultScores().recallError()),
                avg(counted, o -> o.fittedScores().recallError()),
                avg(counted, o -> o.sm2Scores().recallError()),
                avg(counted, o -> o.fittedScores().logLoss()),
                avg(counted, o -> o.defaultScores().logLoss()),
                avg(counted, o -> o.sm2Scores().logLoss()),
                avg(counted, o -> o.fittedScores().rmseBins()),
                avg(counted, o -> o.defaultScores().rmseBins()),
                avg(counted, o -> o.sm2Scores().rmseBins())));
        Outcome first = outcomes.get(0);
        out.append("\nLearner 1's weights, w0..w20 (truth / fitted / default):\n\n| | ");
        for (int i = 0; i < Parameters.COUNT; i++) {
            out.append("w").append(i).append(" | ");
        }
        out.append("\n|---|");
        out.append("---:|".repeat(Parameters.COUNT)).append('\n');
        appendWeights(out, "truth", first.learner().truth());
        appendWeights(out, "fitted", first.fitted());
        appendWeights(out, "default", Parameters.DEFAULT);
        out.append(heavyFit(config, heavyQuestions));
        return out.toString();
    }

    private static void appendWeights(StringBuilder out, String name, Parameters p) {
        out.append("| ").append(name).append(" | ");
        for (int i = 0; i < Parameters.COUNT; i++) {
            out.append(String.format(Locale.ROOT, "%.3f | ", p.w(i)));
        }
        out.append('\n');
    }

    /**
     * The cost of one fit of a heavy learner (all their answers, about 10,000), in this JVM's heap: wall time, bytes
     * allocated by the fitting thread, and the heap's peak (the sum of the heap pools' peaks since just before the fit,
     * after a GC; an upper bound, as the pools may peak at different moments).
     */
    static String heavyFit(Config config, int questions) {
        Config heavy = new Config(
                1,
                questions,
                config.days(),
                Math.max(config.newPerDay(), (questions + 59) / 60),
                config.spread(),
                config.maxEvaluations(),
                config.minHeldOut(),
                config.seed() + 1);
        List<ReviewLog> logs =
                simulate(1, heavy).answers().stream().map(Answer::log).toList();
        Optimizer optimizer = Optimizer.of(logs);
        System.gc();
        List<MemoryPoolMXBean> heapPools = ManagementFactory.getMemoryPoolMXBeans().stream()
                .filter(p -> p.getType() == MemoryType.HEAP)
                .toList();
        heapPools.forEach(MemoryPoolMXBean::resetPeakUsage);
        long usedBefore =
                heapPools.stream().mapToLong(p -> p.getUsage().getUsed()).sum();
        com.sun.management.ThreadMXBean threads = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
        List<GarbageCollectorMXBean> collectors = ManagementFactory.getGarbageCollectorMXBeans();
        long collectionsBefore = collectors.stream()
                .mapToLong(GarbageCollectorMXBean::getCollectionCount)
                .sum();
        long collectingBefore = collectors.stream()
                .mapToLong(GarbageCollectorMXBean::getCollectionTime)
                .sum();
        long allocatedBefore = threads.getCurrentThreadAllocatedBytes();
        long started = System.nanoTime();
        Optimizer.Result result = optimizer.fit(config.maxEvaluations());
        Duration took = Duration.ofNanos(System.nanoTime() - started);
        long allocated = threads.getCurrentThreadAllocatedBytes() - allocatedBefore;
        long peak =
                heapPools.stream().mapToLong(p -> p.getPeakUsage().getUsed()).sum();
        long collections = collectors.stream()
                        .mapToLong(GarbageCollectorMXBean::getCollectionCount)
                        .sum()
                - collectionsBefore;
        long collecting = collectors.stream()
                        .mapToLong(GarbageCollectorMXBean::getCollectionTime)
                        .sum()
                - collectingBefore;
        String gcs = String.join(
                ", ", collectors.stream().map(GarbageCollectorMXBean::getName).toList());
        return String.format(
                Locale.ROOT,
                "%nThe fit's cost: one learner of %d questions over %d days, %,d answers (%,d predicted by the loss), all"
                        + " fitted at once: %.1f s, %,d loss evaluations (%.2f ms each), %,d MB allocated by the fitting"
                        + " thread (%,d bytes per evaluation); heap in use before the fit %.1f MB, peak during it at most"
                        + " %.1f MB, of a %d MB maximum heap; %,d collections (%s) took %,d ms in all (%.2f ms"
                        + " each).%n",
                questions,
                heavy.days(),
                logs.size(),
                optimizer.predictions(),
                took.toMillis() / 1000.0,
                result.evaluations(),
                took.toNanos() / 1e6 / result.evaluations(),
                allocated >> 20,
                allocated / result.evaluations(),
                usedBefore / 1048576.0,
                peak / 1048576.0,
                Runtime.getRuntime().maxMemory() >> 20,
                collections,
                gcs,
                collecting,
                collections == 0 ? 0.0 : (double) collecting / collections);
    }

    private static double avg(List<Outcome> outcomes, ToDoubleFunction<Outcome> f) {
        return outcomes.stream().mapToDouble(f).average().orElse(Double.NaN);
    }
}

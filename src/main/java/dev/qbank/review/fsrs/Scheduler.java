package dev.qbank.review.fsrs;

import java.time.Duration;
import java.time.Instant;
import java.util.Collection;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Schedules cards with the FSRS-6 {@link Model}, the way py-fsrs's {@code Scheduler.review_card} does (py-fsrs 6.3):
 * a new card goes through the learning steps (default 1 and 10 minutes), a card forgotten in review through the
 * relearning steps (default 10 minutes), and every other answer schedules the card in whole days:
 *
 * <pre>
 *   interval = min(max(round(I(desired retention, S)), 1), maximum interval)    (round half to even, as Python's round)
 * </pre>
 *
 * Time is counted as py-fsrs counts it: the days elapsed since the last answer are whole 24-hour periods (an answer 23
 * hours after the previous one is "the same day" and takes the short-term formula), not calendar days. In a step:
 * again goes back to the first step; hard stays on its step, waiting the mean of the first two steps on step 0 (1.5
 * times the only step if there is one); good moves to the next step, or out to review after the last; easy goes straight
 * to review. Immutable; fuzz is off unless {@link #withFuzz} is given one, and then deterministic.
 */
public final class Scheduler {

    /** The desired retention a learner may choose (qbank issue 18), and the default of both references. */
    public static final double MIN_DESIRED_RETENTION = 0.70;

    public static final double MAX_DESIRED_RETENTION = 0.97;
    public static final double DEFAULT_DESIRED_RETENTION = 0.90;
    /** The longest interval, 100 years, as py-fsrs's default {@code maximum_interval} and {@code Sm2}. */
    public static final int MAX_INTERVAL_DAYS = 36_500;

    public static final List<Duration> DEFAULT_LEARNING_STEPS = List.of(Duration.ofMinutes(1), Duration.ofMinutes(10));
    public static final List<Duration> DEFAULT_RELEARNING_STEPS = List.of(Duration.ofMinutes(10));

    private static final Scheduler DEFAULT = new Scheduler(
            Parameters.DEFAULT,
            DEFAULT_DESIRED_RETENTION,
            DEFAULT_LEARNING_STEPS,
            DEFAULT_RELEARNING_STEPS,
            MAX_INTERVAL_DAYS,
            null);

    private static final long SECONDS_PER_DAY = 86_400;

    /** py-fsrs's {@code FUZZ_RANGES}: from `start` days to `end`, the range widens by `factor` per day. */
    private static final double[][] FUZZ_RANGES = {{2.5, 7.0, 0.15}, {7.0, 20.0, 0.1}, {20.0, Double.MAX_VALUE, 0.05}};

    private final Model model;
    private final double desiredRetention;
    private final List<Duration> learningSteps;
    private final List<Duration> relearningSteps;
    private final int maximumInterval;
    private final Fuzz fuzz;

    private Scheduler(
            Parameters parameters,
            double desiredRetention,
            List<Duration> learningSteps,
            List<Duration> relearningSteps,
            int maximumInterval,
            Fuzz fuzz) {
        this.model = new Model(Objects.requireNonNull(parameters, "parameters"));
        this.desiredRetention = desiredRetention;
        this.learningSteps = steps(learningSteps, "learning");
        this.relearningSteps = steps(relearningSteps, "relearning");
        this.maximumInterval = maximumInterval;
        this.fuzz = fuzz;
        if (!(desiredRetention >= MIN_DESIRED_RETENTION && desiredRetention <= MAX_DESIRED_RETENTION)) {
            throw new IllegalArgumentException("the desired retention must be between " + MIN_DESIRED_RETENTION
                    + " and " + MAX_DESIRED_RETENTION + ", not " + desiredRetention);
        }
        if (maximumInterval < 1 || maximumInterval > MAX_INTERVAL_DAYS) {
            throw new IllegalArgumentException(
                    "the maximum interval must be 1 to " + MAX_INTERVAL_DAYS + " days, not " + maximumInterval);
        }
    }

    /** Default parameters, retention 0.90, steps [1 min, 10 min] and [10 min], 36,500 days at most, no fuzz. */
    public static Scheduler defaults() {
        return DEFAULT;
    }

    public Scheduler withParameters(Parameters parameters) {
        return new Scheduler(parameters, desiredRetention, learningSteps, relearningSteps, maximumInterval, fuzz);
    }

    public Scheduler withDesiredRetention(double retention) {
        return new Scheduler(model.parameters(), retention, learningSteps, relearningSteps, maximumInterval, fuzz);
    }

    public Scheduler withLearningSteps(List<Duration> steps) {
        return new Scheduler(model.parameters(), desiredRetention, steps, relearningSteps, maximumInterval, fuzz);
    }

    public Scheduler withRelearningSteps(List<Duration> steps) {
        return new Scheduler(model.parameters(), desiredRetention, learningSteps, steps, maximumInterval, fuzz);
    }

    public Scheduler withMaximumInterval(int days) {
        return new Scheduler(model.parameters(), desiredRetention, learningSteps, relearningSteps, days, fuzz);
    }

    /** The same scheduler with review intervals fuzzed by {@code fuzz} ({@code null}: no fuzz). */
    public Scheduler withFuzz(Fuzz fuzz) {
        return new Scheduler(
                model.parameters(), desiredRetention, learningSteps, relearningSteps, maximumInterval, fuzz);
    }

    public Model model() {
        return model;
    }

    public Parameters parameters() {
        return model.parameters();
    }

    public double desiredRetention() {
        return desiredRetention;
    }

    public List<Duration> learningSteps() {
        return learningSteps;
    }

    public List<Duration> relearningSteps() {
        return relearningSteps;
    }

    public int maximumInterval() {
        return maximumInterval;
    }

    /** The card after answering {@code grade} at {@code reviewedAt}. */
    public Card review(Card card, Grade grade, Instant reviewedAt) {
        Objects.requireNonNull(card, "card");
        Objects.requireNonNull(grade, "grade");
        Objects.requireNonNull(reviewedAt, "reviewedAt");
        MemoryState memory = card.memory() == null
                ? model.initialState(grade)
                : model.next(card.memory(), elapsedDays(card.lastReview(), reviewedAt), grade);
        Card next =
                switch (card.state()) {
                    case NEW -> step(learningSteps, CardState.LEARNING, 0, memory, grade, reviewedAt);
                    case LEARNING -> step(learningSteps, CardState.LEARNING, card.step(), memory, grade, reviewedAt);
                    case RELEARNING ->
                        step(relearningSteps, CardState.RELEARNING, card.step(), memory, grade, reviewedAt);
                    case REVIEW ->
                        grade == Grade.AGAIN && !relearningSteps.isEmpty()
                                ? new Card(
                                        CardState.RELEARNING,
                                        0,
                                        memory,
                                        reviewedAt.plus(relearningSteps.get(0)),
                                        reviewedAt)
                                : review(memory, reviewedAt);
                };
        if (fuzz != null && next.state() == CardState.REVIEW) {
            long days = Math.floorDiv(Duration.between(reviewedAt, next.due()).getSeconds(), SECONDS_PER_DAY);
            long fuzzed = fuzzedInterval(days, fuzz.draw(card, grade, reviewedAt));
            next = new Card(next.state(), 0, next.memory(), reviewedAt.plus(Duration.ofDays(fuzzed)), reviewedAt);
        }
        return next;
    }

    /** The card after each of the four answers at {@code at}: what each button would do. */
    public Map<Grade, Card> preview(Card card, Instant at) {
        Map<Grade, Card> outcomes = new EnumMap<>(Grade.class);
        for (Grade grade : Grade.values()) {
            outcomes.put(grade, review(card, grade, at));
        }
        return outcomes;
    }

    /**
     * R at {@code at}: the predicted probability of recall, after the whole days elapsed since the last answer (as
     * py-fsrs's {@code get_card_retrievability}); 0 for a new card.
     */
    public double retrievability(Card card, Instant at) {
        if (card.memory() == null) {
            return 0.0;
        }
        long days = Math.max(0, elapsedDays(card.lastReview(), at));
        return model.retrievability(days, card.memory().stability());
    }

    /**
     * The card as this scheduler would have it after the given answers (in time order, whatever their order in the
     * collection), starting new: py-fsrs's {@code reschedule_card}, for new parameters or a new retention.
     *
     * @throws IllegalArgumentException if the answers are for more than one card, or there are none
     */
    public Card replay(Collection<ReviewLog> history) {
        if (history.isEmpty()) {
            throw new IllegalArgumentException("a replay needs at least one answer");
        }
        List<ReviewLog> ordered = history.stream()
                .sorted(Comparator.comparing(ReviewLog::reviewedAt))
                .toList();
        long cardId = ordered.get(0).cardId();
        Card card = Card.newCard(ordered.get(0).reviewedAt());
        for (ReviewLog log : ordered) {
            if (log.cardId() != cardId) {
                throw new IllegalArgumentException(
                        "a replay is of one card: answers for " + cardId + " and " + log.cardId() + " were given");
            }
            card = review(card, log.grade(), log.reviewedAt());
        }
        return card;
    }

    /** The interval, in whole days, after which R falls to the desired retention, rounded and bounded. */
    public long nextIntervalDays(double stability) {
        double days = Math.rint(model.interval(stability, desiredRetention));
        return (long) Math.min(Math.max(days, 1.0), maximumInterval);
    }

    private Card step(List<Duration> steps, CardState stepping, int step, MemoryState memory, Grade grade, Instant at) {
        // A step past the last (steps shortened since the card entered them) graduates on any recall, as in py-fsrs.
        if (steps.isEmpty() || (step >= steps.size() && grade.isRecall())) {
            return review(memory, at);
        }
        return switch (grade) {
            case AGAIN -> new Card(stepping, 0, memory, at.plus(steps.get(0)), at);
            case HARD -> {
                Duration wait;
                if (step == 0 && steps.size() == 1) {
                    wait = steps.get(0).multipliedBy(3).dividedBy(2);
                } else if (step == 0) {
                    wait = steps.get(0).plus(steps.get(1)).dividedBy(2);
                } else {
                    wait = steps.get(step);
                }
                yield new Card(stepping, step, memory, at.plus(wait), at);
            }
            case GOOD ->
                step + 1 == steps.size()
                        ? review(memory, at)
                        : new Card(stepping, step + 1, memory, at.plus(steps.get(step + 1)), at);
            case EASY -> review(memory, at);
        };
    }

    private Card review(MemoryState memory, Instant at) {
        return new Card(
                CardState.REVIEW, 0, memory, at.plus(Duration.ofDays(nextIntervalDays(memory.stability()))), at);
    }

    /**
     * py-fsrs's fuzz range around an interval of 2.5 days or more: ±(1 + 0.15 per day from 2.5 to 7, 0.1 per day from 7
     * to 20, 0.05 per day beyond), at least 2 days, at most the maximum; the draw picks a whole day within it, each
     * equally likely.
     */
    long fuzzedInterval(long days, double draw) {
        if (days < 2.5) {
            return days;
        }
        double delta = 1.0;
        for (double[] range : FUZZ_RANGES) {
            delta += range[2] * Math.max(Math.min(days, range[1]) - range[0], 0.0);
        }
        long min = Math.max(2, (long) Math.rint(days - delta));
        long max = Math.min((long) Math.rint(days + delta), maximumInterval);
        min = Math.min(min, max);
        long fuzzed = min + (long) Math.floor(draw * (max - min + 1));
        return Math.min(fuzzed, max);
    }

    /** Whole 24-hour periods from {@code from} to {@code to}, rounded down (Python's {@code timedelta.days}). */
    static long elapsedDays(Instant from, Instant to) {
        return Math.floorDiv(Duration.between(from, to).getSeconds(), SECONDS_PER_DAY);
    }

    private static List<Duration> steps(List<Duration> steps, String kind) {
        Objects.requireNonNull(steps, kind + " steps");
        for (Duration step : steps) {
            if (step == null || step.isNegative() || step.isZero() || step.compareTo(Duration.ofDays(1)) >= 0) {
                throw new IllegalArgumentException(
                        "each " + kind + " step must be longer than zero and shorter than a day, not " + step);
            }
        }
        return List.copyOf(steps);
    }
}

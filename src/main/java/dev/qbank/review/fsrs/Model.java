package dev.qbank.review.fsrs;

/**
 * The FSRS-6 memory model (J. Ye et al., Free Spaced Repetition Scheduler; formulas as published in the FSRS wiki, "The
 * Algorithm", FSRS-6 section, and as py-fsrs 6.3 and fsrs-rs compute them): how stability S and difficulty D change
 * with each answer, and how recall decays between answers. Our own implementation, checked against the numbers of the
 * reference test suites ({@code FsrsReferenceTest}). Pure functions of the 21 {@link Parameters}; G is the grade 1..4,
 * t the elapsed time in days, R the retrievability at the answer.
 *
 * <pre>
 *   forgetting curve      R(t, S) = (1 + factor * t / S)^(-w20),   factor = 0.9^(-1/w20) - 1   (so R(S, S) = 0.9)
 *   next interval         I(r, S) = S / factor * (r^(-1/w20) - 1)                        (R(I, S) = r)
 *   initial stability     S0(G) = w[G-1]
 *   initial difficulty    D0(G) = w4 - e^(w5 (G - 1)) + 1,  clamped to [1, 10]
 *   next difficulty       D' = D + (10 - D) / 9 * (-w6 (G - 3))           (linear damping)
 *                         D'' = w7 * D0(4) + (1 - w7) * D'                 (mean reversion to D0(easy), unclamped)
 *                         clamped to [1, 10]
 *   stability on recall   S' = S * (1 + e^w8 (11 - D) S^(-w9) (e^(w10 (1 - R)) - 1) * w15 [hard] * w16 [easy])
 *   stability on lapse    S' = min(w11 D^(-w12) ((S + 1)^w13 - 1) e^(w14 (1 - R)),  S / e^(w17 w18))
 *                         (the second term, the post-lapse maximum, keeps a lapse from raising stability)
 *   same-day stability    SInc = e^(w17 (G - 3 + w18)) * S^(-w19),  SInc >= 1 when G >= 2;  S' = S * SInc
 *   every stability is clamped to [0.001, 36500] days
 * </pre>
 *
 * The floor SInc >= 1 applies to hard, good and easy: fsrs-rs ({@code stability_short_term}, {@code rating >= 2}) and
 * py-fsrs since 6.3.2 (pull request 155, "Fix same-day Hard stability floor") agree on it; py-fsrs up to 6.3.1 and the
 * wiki's wording floored good and easy only.
 */
public final class Model {

    public static final double MIN_DIFFICULTY = 1.0;
    public static final double MAX_DIFFICULTY = 10.0;
    /** The largest stability fsrs-rs keeps ({@code S_MAX}), 100 years. */
    public static final double MAX_STABILITY = 36_500.0;

    private final Parameters parameters;
    private final double decay;
    private final double factor;

    public Model(Parameters parameters) {
        this.parameters = parameters;
        this.decay = -parameters.w(20);
        this.factor = Math.pow(0.9, 1.0 / decay) - 1.0;
    }

    public Parameters parameters() {
        return parameters;
    }

    /** R(t, S): the probability of recall t days after the last answer. */
    public double retrievability(double elapsedDays, double stability) {
        return Math.pow(1.0 + factor * elapsedDays / stability, decay);
    }

    /** I(r, S): the number of days (not rounded, not bounded) after which R falls to the desired retention r. */
    public double interval(double stability, double desiredRetention) {
        return stability / factor * (Math.pow(desiredRetention, 1.0 / decay) - 1.0);
    }

    /** S0(G). */
    public double initialStability(Grade grade) {
        return clampStability(parameters.w(grade.value - 1));
    }

    /** D0(G), clamped to [1, 10]. */
    public double initialDifficulty(Grade grade) {
        return clampDifficulty(rawInitialDifficulty(grade.value));
    }

    /** The memory state after the first answer. */
    public MemoryState initialState(Grade grade) {
        return new MemoryState(initialStability(grade), initialDifficulty(grade));
    }

    /** D'' for an answer G, from difficulty D. */
    public double nextDifficulty(double difficulty, Grade grade) {
        double delta = -parameters.w(6) * (grade.value - 3);
        double damped = difficulty + (10.0 - difficulty) * delta / 9.0;
        double w7 = parameters.w(7);
        return clampDifficulty(w7 * rawInitialDifficulty(4) + (1.0 - w7) * damped);
    }

    /** S' after a recall (hard, good or easy) at retrievability R, on a later day. */
    public double stabilityAfterRecall(double difficulty, double stability, double retrievability, Grade grade) {
        double hardPenalty = grade == Grade.HARD ? parameters.w(15) : 1.0;
        double easyBonus = grade == Grade.EASY ? parameters.w(16) : 1.0;
        return clampStability(stability
                * (1.0
                        + Math.exp(parameters.w(8))
                                * (11.0 - difficulty)
                                * Math.pow(stability, -parameters.w(9))
                                * (Math.exp((1.0 - retrievability) * parameters.w(10)) - 1.0)
                                * hardPenalty
                                * easyBonus));
    }

    /** S' after a lapse (again) at retrievability R, on a later day, at most the post-lapse maximum. */
    public double stabilityAfterLapse(double difficulty, double stability, double retrievability) {
        double longTerm = parameters.w(11)
                * Math.pow(difficulty, -parameters.w(12))
                * (Math.pow(stability + 1.0, parameters.w(13)) - 1.0)
                * Math.exp((1.0 - retrievability) * parameters.w(14));
        double postLapseMax = stability / Math.exp(parameters.w(17) * parameters.w(18));
        return clampStability(Math.min(longTerm, postLapseMax));
    }

    /** S' after an answer on the same day as the previous one (less than a day later). */
    public double shortTermStability(double stability, Grade grade) {
        double increase = Math.exp(parameters.w(17) * (grade.value - 3 + parameters.w(18)))
                * Math.pow(stability, -parameters.w(19));
        if (grade.isRecall()) {
            increase = Math.max(increase, 1.0);
        }
        return clampStability(stability * increase);
    }

    /**
     * The memory state after answering {@code grade} {@code elapsedDays} whole days after the previous answer: the
     * same-day formula when fewer than one day passed, otherwise recall or lapse at R(elapsed, S). As fsrs-rs's
     * {@code step}, the state it starts from is first clamped into the model's bounds.
     */
    public MemoryState next(MemoryState state, long elapsedDays, Grade grade) {
        double s = clampStability(state.stability());
        double d = clampDifficulty(state.difficulty());
        double stability;
        if (elapsedDays < 1) {
            stability = shortTermStability(s, grade);
        } else {
            double r = retrievability(elapsedDays, s);
            stability = grade.isRecall() ? stabilityAfterRecall(d, s, r, grade) : stabilityAfterLapse(d, s, r);
        }
        return new MemoryState(stability, nextDifficulty(d, grade));
    }

    private double rawInitialDifficulty(int grade) {
        return parameters.w(4) - Math.exp(parameters.w(5) * (grade - 1)) + 1.0;
    }

    static double clampStability(double stability) {
        return Math.min(Math.max(stability, Parameters.STABILITY_MIN), MAX_STABILITY);
    }

    static double clampDifficulty(double difficulty) {
        return Math.min(Math.max(difficulty, MIN_DIFFICULTY), MAX_DIFFICULTY);
    }
}

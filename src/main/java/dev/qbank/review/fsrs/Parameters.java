package dev.qbank.review.fsrs;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Collectors;

/**
 * The 21 weights w0..w20 of FSRS-6, checked against the bounds the reference implementations publish
 * (py-fsrs {@code LOWER_BOUNDS_PARAMETERS} / {@code UPPER_BOUNDS_PARAMETERS}, fsrs-rs {@code parameter_clipper}).
 *
 * <pre>
 *   w0..w3   initial stability after the first answer again / hard / good / easy (days)
 *   w4, w5   initial difficulty D0(G) = w4 - e^(w5 (G - 1)) + 1
 *   w6, w7   difficulty change per grade, and the weight of mean reversion towards D0(easy)
 *   w8..w10  stability after recall: scale, stability saturation, retrievability sensitivity
 *   w11..w14 stability after forgetting: scale, difficulty, previous stability, retrievability exponents
 *   w15, w16 hard penalty and easy bonus on the stability increase
 *   w17..w19 same-day (short-term) stability: scale, grade offset, stability saturation
 *   w20      the decay of the forgetting curve (trainable since FSRS-6)
 * </pre>
 */
public final class Parameters {

    public static final int COUNT = 21;

    /** The FSRS-6 defaults of py-fsrs 6.x ({@code DEFAULT_PARAMETERS}) and fsrs-rs ({@code DEFAULT_PARAMETERS}). */
    public static final Parameters DEFAULT = new Parameters(new double[] {
        0.212, 1.2931, 2.3065, 8.2956, 6.4133, 0.8334, 3.0194, 0.001, 1.8722, 0.1666, 0.796, 1.4835, 0.0614, 0.2629,
        1.6483, 0.6014, 1.8729, 0.5425, 0.0912, 0.0658, 0.1542
    });

    /** The smallest stability, in days, the model keeps (py-fsrs {@code STABILITY_MIN}, fsrs-rs {@code S_MIN}). */
    static final double STABILITY_MIN = 0.001;

    private static final double[] LOWER = {
        STABILITY_MIN,
        STABILITY_MIN,
        STABILITY_MIN,
        STABILITY_MIN,
        1.0,
        0.001,
        0.001,
        0.001,
        0.0,
        0.0,
        0.001,
        0.001,
        0.001,
        0.001,
        0.0,
        0.0,
        1.0,
        0.0,
        0.0,
        0.0,
        0.1
    };
    private static final double[] UPPER = {
        100.0, 100.0, 100.0, 100.0, 10.0, 4.0, 4.0, 0.75, 4.5, 0.8, 3.5, 5.0, 0.25, 0.9, 4.0, 1.0, 6.0, 2.0, 2.0, 0.8,
        0.8
    };

    private final double[] w;

    private Parameters(double[] w) {
        this.w = w;
    }

    /**
     * The given 21 weights, if each lies within its published bounds.
     *
     * @throws IllegalArgumentException naming every weight out of bounds, with its value and bounds
     */
    public static Parameters of(double... weights) {
        if (weights == null || weights.length != COUNT) {
            throw new IllegalArgumentException("FSRS-6 has " + COUNT + " parameters, not "
                    + (weights == null ? "none" : String.valueOf(weights.length)));
        }
        List<String> problems = new ArrayList<>();
        for (int i = 0; i < COUNT; i++) {
            double value = weights[i];
            if (!(value >= LOWER[i] && value <= UPPER[i])) {
                problems.add("parameters[" + i + "] = " + value + " is outside its bounds [" + LOWER[i] + ", "
                        + UPPER[i] + "]");
            }
        }
        if (!problems.isEmpty()) {
            throw new IllegalArgumentException(String.join("; ", problems));
        }
        return new Parameters(weights.clone());
    }

    /** The given weights, each moved into its bounds (for an optimizer's step; NaN is not a weight and throws). */
    public static Parameters clamped(double... weights) {
        if (weights.length != COUNT) {
            throw new IllegalArgumentException("FSRS-6 has " + COUNT + " parameters, not " + weights.length);
        }
        double[] copy = new double[COUNT];
        for (int i = 0; i < COUNT; i++) {
            if (Double.isNaN(weights[i])) {
                throw new IllegalArgumentException("parameters[" + i + "] is not a number");
            }
            copy[i] = Math.min(Math.max(weights[i], LOWER[i]), UPPER[i]);
        }
        return new Parameters(copy);
    }

    public static double lowerBound(int index) {
        return LOWER[index];
    }

    public static double upperBound(int index) {
        return UPPER[index];
    }

    /** w_index. */
    public double w(int index) {
        return w[index];
    }

    public double[] toArray() {
        return w.clone();
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof Parameters p && Arrays.equals(w, p.w);
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(w);
    }

    @Override
    public String toString() {
        return Arrays.stream(w).mapToObj(Double::toString).collect(Collectors.joining(", ", "[", "]"));
    }
}

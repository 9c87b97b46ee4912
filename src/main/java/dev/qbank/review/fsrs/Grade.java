package dev.qbank.review.fsrs;

/**
 * The four answers FSRS distinguishes, numbered as the model's formulas use them (G = 1..4). Again is a lapse; hard,
 * good and easy are recalls.
 */
public enum Grade {
    AGAIN(1),
    HARD(2),
    GOOD(3),
    EASY(4);

    private static final Grade[] BY_VALUE = values();

    /** G in the formulas. */
    public final int value;

    Grade(int value) {
        this.value = value;
    }

    public boolean isRecall() {
        return this != AGAIN;
    }

    public static Grade of(int value) {
        if (value < 1 || value > 4) {
            throw new IllegalArgumentException("a grade is 1 (again) to 4 (easy), not " + value);
        }
        return BY_VALUE[value - 1];
    }
}

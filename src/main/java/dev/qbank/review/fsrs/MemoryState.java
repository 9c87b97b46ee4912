package dev.qbank.review.fsrs;

/**
 * What FSRS knows of one learner's memory of one item: stability S (the interval, in days, after which recall falls to
 * 90%) and difficulty D (1 to 10).
 */
public record MemoryState(double stability, double difficulty) {

    public MemoryState {
        if (!(stability > 0) || !Double.isFinite(stability)) {
            throw new IllegalArgumentException("stability must be a positive number of days, not " + stability);
        }
        if (!(difficulty >= Model.MIN_DIFFICULTY && difficulty <= Model.MAX_DIFFICULTY)) {
            throw new IllegalArgumentException("difficulty must be between 1 and 10, not " + difficulty);
        }
    }
}

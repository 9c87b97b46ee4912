package dev.qbank.review.fsrs;

/**
 * Where a card is in the scheduler's life cycle, as in py-fsrs (which folds "new" into learning step 0; we keep it
 * apart, so that a card nobody has answered yet can be told from one in its first step).
 */
public enum CardState {
    /** Never reviewed: no memory state yet. */
    NEW,
    /** Going through the learning steps (minutes apart) after the first answers. */
    LEARNING,
    /** Scheduled in whole days by the model. */
    REVIEW,
    /** Forgotten in review, going through the relearning steps. */
    RELEARNING
}

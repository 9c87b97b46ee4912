package dev.qbank.review.fsrs;

import java.time.Instant;
import java.util.Objects;

/**
 * One learner's scheduling state for one item, as py-fsrs's {@code Card}: where it is in its life cycle, the learning
 * step it is on, its memory state, when it is due and when it was last answered.
 *
 * @param state the life-cycle state
 * @param step the index of the current (re)learning step; 0 in the other states
 * @param memory stability and difficulty; {@code null} only while {@link CardState#NEW}
 * @param due when the next review is due
 * @param lastReview when it was last answered; {@code null} only while {@link CardState#NEW}
 */
public record Card(CardState state, int step, MemoryState memory, Instant due, Instant lastReview) {

    public Card {
        Objects.requireNonNull(state, "state");
        Objects.requireNonNull(due, "due");
        if (step < 0) {
            throw new IllegalArgumentException("a learning step is counted from 0, not " + step);
        }
        if ((state == CardState.NEW) != (memory == null) || (state == CardState.NEW) != (lastReview == null)) {
            throw new IllegalArgumentException(
                    "a card has a memory state and a last review exactly when it is not new");
        }
    }

    /** A card never answered, due at {@code due} (when it was added, typically). */
    public static Card newCard(Instant due) {
        return new Card(CardState.NEW, 0, null, due, null);
    }
}

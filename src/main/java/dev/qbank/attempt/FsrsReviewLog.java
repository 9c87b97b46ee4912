package dev.qbank.attempt;

import dev.qbank.review.Rating;
import dev.qbank.review.fsrs.Card;
import dev.qbank.review.fsrs.CardState;
import dev.qbank.review.fsrs.Grade;
import dev.qbank.review.fsrs.Scheduler;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/**
 * A learner's attempts as the review log the FSRS optimizers read: the {@code review_logs} schema of
 * open-spaced-repetition/fsrs-optimizer's README ("Review Logs Schema"), which fsrs-rs and fsrs-rs-python read too:
 *
 * <pre>
 *   card_id          the item reviewed                         here: the question's number
 *   review_time      when, in milliseconds since the epoch, UTC  here: the attempt's created_at
 *   review_rating    1 again, 2 hard, 3 good, 4 easy
 *   review_state     the card's state at the review: 0 new, 1 learning, 2 review, 3 relearning
 *   review_duration  time spent, in milliseconds                here: duration_ms
 * </pre>
 *
 * qbank schedules with SM-2, which has no learning steps, so review_state is computed: the learner's answers to one
 * question are replayed in time order through the default FSRS-6 scheduler ({@link Scheduler#defaults()}: learning
 * steps 1 and 10 minutes, relearning step 10 minutes), and each row carries the state before that answer. Rows come
 * ordered by card, then time, as the reference revlog.csv is, so a replay needs only the current card.
 */
public final class FsrsReviewLog {

    static final List<String> COLUMNS =
            List.of("card_id", "review_time", "review_rating", "review_state", "review_duration");

    private FsrsReviewLog() {}

    /** One attempt, as the export reads it. */
    public record Answer(UUID id, int question, Instant at, String rating, int durationMs) {}

    @Schema(name = "ReviewLogRow", description = "One review, in the FSRS optimizer's review-log layout.")
    public record Row(
            @Schema(description = "The question's number.", example = "8")
            long cardId,

            @Schema(
                    description = "When the answer was recorded, in milliseconds since the epoch (UTC).",
                    example = "1767323045123")
            long reviewTime,

            @Schema(description = "1 again, 2 hard, 3 good, 4 easy.", minimum = "1", maximum = "4", example = "3")
            int reviewRating,

            @Schema(
                    description = "The card's state before this review, replayed with the default FSRS-6 scheduler: "
                            + "0 new, 1 learning, 2 review, 3 relearning.",
                    minimum = "0",
                    maximum = "3",
                    example = "0")
            int reviewState,

            @Schema(description = "Time spent, in milliseconds.", example = "93000")
            int reviewDuration) {

        List<String> csvFields() {
            return List.of(
                    Long.toString(cardId),
                    Long.toString(reviewTime),
                    Integer.toString(reviewRating),
                    Integer.toString(reviewState),
                    Integer.toString(reviewDuration));
        }
    }

    /** FSRS's grade for a rating: again 1, hard 2, good 3, easy 4. */
    static Grade grade(Rating rating) {
        return switch (rating) {
            case AGAIN -> Grade.AGAIN;
            case HARD -> Grade.HARD;
            case GOOD -> Grade.GOOD;
            case EASY -> Grade.EASY;
        };
    }

    /** The optimizer's number for a state (fsrs-optimizer README: 0 New, 1 Learning, 2 Review, 3 Relearning). */
    static int stateNumber(CardState state) {
        return switch (state) {
            case NEW -> 0;
            case LEARNING -> 1;
            case REVIEW -> 2;
            case RELEARNING -> 3;
        };
    }

    /**
     * Turns answers, given ordered by question then time, into rows, replaying each question's answers through the
     * default FSRS-6 scheduler. Holds one card: the current question's.
     */
    static final class Replay {

        private final Scheduler scheduler = Scheduler.defaults();
        private Integer question;
        private Card card;

        Row next(Answer answer) {
            if (question == null || question != answer.question()) {
                question = answer.question();
                card = Card.newCard(answer.at());
            }
            Grade grade = grade(Rating.fromWire(answer.rating()).orElseThrow());
            Row row = new Row(
                    answer.question(),
                    answer.at().toEpochMilli(),
                    grade.value,
                    stateNumber(card.state()),
                    answer.durationMs());
            card = scheduler.review(card, grade, answer.at());
            return row;
        }
    }
}

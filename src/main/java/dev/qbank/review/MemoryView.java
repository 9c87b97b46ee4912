package dev.qbank.review;

import dev.qbank.review.fsrs.Scheduler;
import java.time.Instant;
import java.util.Locale;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/** A learner's FSRS-6 memory state on one question, as the model estimates it now. */
@Schema(
        name = "MemoryView",
        description = "Your FSRS-6 memory state on this question (kept whichever scheduler sets your due dates).")
public record MemoryView(
        @Schema(
                enumeration = {"learning", "review", "relearning"},
                description = "learning and relearning: short steps (minutes) after a first answer or a lapse; "
                        + "review: scheduled in days.")
        String state,

        @Schema(description = "D, 1 (easy) to 10 (hard): how hard the question is for you.", example = "5.28")
        double difficulty,

        @Schema(description = "S, in days: the time for your recall to fall to 90%.", example = "12.4")
        double stability,

        @Schema(description = "R now: the probability that you recall the answer today, 0 to 1.", example = "0.93")
        double retrievability,

        @Schema(description = "When the card is due by FSRS-6 (your due date if FSRS-6 is your scheduler).")
        Instant fsrsDueAt,

        @Schema(description = "When you last answered it.") Instant lastReviewAt,

        @Schema(description = "How many times you have answered it.", example = "4")
        int reviews,

        @Schema(description = "How many times you forgot it after it had reached review.", example = "1")
        int lapses) {

    static MemoryView of(FsrsCards.Stored stored, Scheduler scheduler, Instant now) {
        return new MemoryView(
                stored.card().state().name().toLowerCase(Locale.ROOT),
                round(stored.card().memory().difficulty()),
                round(stored.card().memory().stability()),
                round(scheduler.retrievability(stored.card(), now)),
                stored.card().due(),
                stored.card().lastReview(),
                stored.reviews(),
                stored.lapses());
    }

    /** Four decimals: the model's own precision, far below what anyone reads. */
    private static double round(double value) {
        return Math.round(value * 10_000.0) / 10_000.0;
    }
}

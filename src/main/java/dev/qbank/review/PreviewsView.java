package dev.qbank.review;

import dev.qbank.review.fsrs.Card;
import dev.qbank.review.fsrs.Grade;
import dev.qbank.review.fsrs.Scheduler;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Map;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/** What each of the four answers would do, now: for the buttons of a review screen. */
@Schema(
        name = "Previews",
        description =
                "What each rating would schedule if you answered now, by your scheduler: show them on the buttons.")
public record PreviewsView(Preview again, Preview hard, Preview good, Preview easy) {

    @Schema(name = "Preview", description = "The next review after this rating.")
    public record Preview(
            @Schema(
                    description = "Seconds from now to the next review (minutes in learning steps, days in review).",
                    example = "86400")
            long intervalSeconds,

            @Schema(description = "When the question would next be due.")
            Instant dueAt) {

        static Preview after(Instant now, Instant due) {
            return new Preview(Duration.between(now, due).getSeconds(), due);
        }
    }

    /**
     * The instant previews are computed for: now, to the minute. A representation that holds them (a page of the
     * queue) is then the same for a minute, and revalidates with 304, where one computed at every millisecond would not.
     */
    static Instant asOf(Instant now) {
        return now.truncatedTo(ChronoUnit.MINUTES);
    }

    /** FSRS-6: the card after each grade (a new card if never answered). */
    static PreviewsView fsrs(Scheduler scheduler, Card card, Instant now) {
        Map<Grade, Card> next = scheduler.preview(card, now);
        return new PreviewsView(
                Preview.after(now, next.get(Grade.AGAIN).due()),
                Preview.after(now, next.get(Grade.HARD).due()),
                Preview.after(now, next.get(Grade.GOOD).due()),
                Preview.after(now, next.get(Grade.EASY).due()));
    }

    /** SM-2: the interval each rating would set from the latest state. */
    static PreviewsView sm2(Sm2.State state, Instant now) {
        return new PreviewsView(
                Preview.after(now, Sm2.dueAt(now, Sm2.next(state, Rating.AGAIN))),
                Preview.after(now, Sm2.dueAt(now, Sm2.next(state, Rating.HARD))),
                Preview.after(now, Sm2.dueAt(now, Sm2.next(state, Rating.GOOD))),
                Preview.after(now, Sm2.dueAt(now, Sm2.next(state, Rating.EASY))));
    }
}

package dev.qbank.review;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import dev.qbank.api.Link;
import dev.qbank.question.QuestionView;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/** One question of the review queue on the wire: due for review, or (after those) never attempted. */
@Schema(
        name = "DueView",
        description = "A question to review now: due by your scheduler (FSRS-6 or SM-2, your setting), or never "
                + "attempted (then `due_at`, `interval_days`, `last_rating` and `last_attempt_at` are null, and "
                + "`memory` absent). `previews` says what each rating would schedule.")
public record DueView(
        @Schema(description = "The question's number.", example = "8")
        int question,

        @Schema(
                description = "The question, exactly as written.",
                example =
                        "How does cursor-based pagination differ from offset-based pagination? What are the failure modes of offset pagination on live data?")
        String text,

        @Schema(description = "Slug of the question's category.", example = "rest-apis")
        String category,

        @Schema(
                nullable = true,
                description = "When the question fell due (set by your scheduler at your latest attempt); null if "
                        + "never attempted.")
        Instant dueAt,

        @Schema(
                nullable = true,
                description = "The interval, in whole days, your latest attempt scheduled (0 in FSRS-6's learning "
                        + "steps); null if never attempted.",
                example = "1")
        Integer intervalDays,

        @Schema(
                nullable = true,
                enumeration = {"again", "hard", "good", "easy"},
                description = "Your latest attempt's rating; null if never attempted.")
        String lastRating,

        @Schema(nullable = true, description = "When you last attempted the question; null if never.")
        Instant lastAttemptAt,

        @Schema(description = "Your FSRS-6 memory state on it; absent if never attempted.")
        @JsonInclude(JsonInclude.Include.NON_NULL)
        MemoryView memory,

        @Schema(description = "What each rating would schedule if you answered now.")
        PreviewsView previews,

        @Schema(ref = "Links", description = "question, attempts.") @JsonProperty("_links")
        Map<String, Link> links) {

    public static final String PATH = "/v1/users/me/due";

    /**
     * Never-attempted questions sort after the due ones; this stands in for their missing due_at in the sort key
     * (ReviewService's queue query selects it as TIMESTAMPTZ 'epoch').
     */
    static final Instant NEW_SORT_AT = Instant.EPOCH;

    static DueView of(
            int question,
            String text,
            String category,
            Instant dueAt,
            Integer intervalDays,
            String lastRating,
            Instant lastAttemptAt) {
        return new DueView(
                question, text, category, dueAt, intervalDays, lastRating, lastAttemptAt, null, null, links(question));
    }

    DueView with(MemoryView memory, PreviewsView previews) {
        return new DueView(
                question, text, category, dueAt, intervalDays, lastRating, lastAttemptAt, memory, previews, links);
    }

    private static Map<String, Link> links(int question) {
        Map<String, Link> links = new LinkedHashMap<>();
        links.put("question", Link.to(QuestionView.path(question)));
        links.put("attempts", Link.to(QuestionView.path(question) + "/attempts"));
        return links;
    }

    /**
     * The keyset of the queue: (group, due_at, number), group 0 for due questions and 1 for never-attempted ones
     * (the only ones without a due_at). The instant travels as its ISO-8601 text, which keeps PostgreSQL's
     * microseconds exactly.
     */
    public static List<Object> cursorKey(DueView view) {
        boolean attempted = view.dueAt() != null;
        return List.of(attempted ? 0 : 1, (attempted ? view.dueAt() : NEW_SORT_AT).toString(), view.question());
    }
}

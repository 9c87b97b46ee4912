package dev.qbank.review;

import com.fasterxml.jackson.annotation.JsonProperty;
import dev.qbank.api.Link;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/** A learner's progress on the wire: per category, overall, and their day streaks. */
@Schema(
        name = "ProgressView",
        description =
                "Your progress through the bank: per category (in display order, every "
                        + "category, attempted or not), overall, and your streak of consecutive UTC days with at least one attempt.")
public record ProgressView(
        @Schema(description = "Every category, in display order.")
        List<CategoryProgress> categories,

        @Schema(description = "The same totals over the whole bank.")
        Totals overall,

        @Schema(
                description = "Consecutive UTC days with at least one attempt, ending today, or ending yesterday when "
                        + "there is none yet today; otherwise 0.",
                example = "3")
        int currentStreakDays,

        @Schema(description = "The longest run of consecutive UTC days with at least one attempt.", example = "12")
        int longestStreakDays,

        @Schema(ref = "Links", description = "self, due, attempts.") @JsonProperty("_links")
        Map<String, Link> links) {

    public static final String PATH = "/v1/users/me/progress";

    @Schema(name = "CategoryProgress", description = "Your progress in one category.")
    public record CategoryProgress(
            @Schema(description = "The category's slug.", example = "databases")
            String category,

            @Schema(description = "Questions the category holds.", example = "10")
            int questionsTotal,

            @Schema(description = "Of those, how many you have attempted at least once.", example = "4")
            int questionsAttempted,

            @Schema(description = "Your attempts at the category's questions.", example = "9")
            int attempts,

            @Schema(nullable = true, description = "When you last attempted one of its questions; null if never.")
            Instant lastAttemptAt,

            @Schema(description = "Your attempts by rating.")
            RatingCounts ratings,

            @Schema(ref = "Links", description = "category, attempts.") @JsonProperty("_links")
            Map<String, Link> links) {}

    @Schema(name = "ProgressTotals", description = "Your progress over the whole bank.")
    public record Totals(
            @Schema(description = "Questions in the bank.", example = "40")
            int questionsTotal,

            @Schema(description = "Of those, how many you have attempted at least once.", example = "17")
            int questionsAttempted,

            @Schema(description = "Your attempts.", example = "52")
            int attempts,

            @Schema(nullable = true, description = "When you last attempted a question; null if never.")
            Instant lastAttemptAt,

            @Schema(description = "Your attempts by rating.")
            RatingCounts ratings) {}

    @Schema(name = "RatingCounts", description = "How many attempts had each rating.")
    public record RatingCounts(
            @Schema(example = "3") int again,
            @Schema(example = "5") int hard,
            @Schema(example = "30") int good,
            @Schema(example = "14") int easy) {}
}

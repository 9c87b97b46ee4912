package dev.qbank.quiz;

import com.fasterxml.jackson.annotation.JsonProperty;
import dev.qbank.api.Link;
import dev.qbank.question.QuestionView;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.Size;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/** Quizzes on the wire. */
public final class QuizViews {

    static final int MAX_COUNT = 40;
    static final int DEFAULT_COUNT = 10;

    private QuizViews() {}

    @Schema(
            name = "QuizRequest",
            description =
                    "What to quiz on. Every field is optional; an empty body asks for 10 questions of the whole bank.")
    public record QuizRequest(
            @Schema(
                    description = "How many questions, 1 to 40 (default 10).",
                    example = "5",
                    minimum = "1",
                    maximum = "40",
                    nullable = true)
            @Min(1)
            @Max(MAX_COUNT)
            Integer count,

            @Schema(description = "Only questions of this category (slug).", example = "caching", nullable = true)
            @Size(max = 64)
            String category,

            @Schema(description = "Only questions carrying this tag.", example = "caching", nullable = true)
            @Size(max = 64)
            String tag,

            @Schema(
                    description = "Only questions of this difficulty.",
                    enumeration = {"junior", "mid", "senior"},
                    example = "mid",
                    nullable = true)
            String difficulty) {

        static QuizRequest orDefault(QuizRequest request) {
            return request == null ? new QuizRequest(null, null, null, null) : request;
        }

        int countOrDefault() {
            return count == null ? DEFAULT_COUNT : count;
        }
    }

    @Schema(name = "QuizFilters", description = "The filters the quiz was drawn with (null: not filtered on).")
    public record QuizFilters(
            @Schema(nullable = true) String category,
            @Schema(nullable = true) String tag,

            @Schema(
                    nullable = true,
                    enumeration = {"junior", "mid", "senior"})
            String difficulty) {}

    @Schema(
            name = "QuizItem",
            description = "One question of a quiz, and whether you have answered it since the quiz began.")
    public record QuizItem(
            @Schema(description = "Position in the quiz, from 1.", example = "1")
            int position,

            @Schema(description = "Whether you recorded an attempt at this question since the quiz was created.")
            boolean attempted,

            @Schema(description = "How many attempts you recorded at it since the quiz was created.", example = "0")
            long attempts,

            QuestionView question) {}

    @Schema(name = "QuizView", description = "A quiz: questions you had not been served before, in the order drawn.")
    public record QuizView(
            UUID id,
            Instant createdAt,

            @Schema(description = "How many questions were asked for.", example = "5")
            int requested,

            QuizFilters filters,

            @Schema(
                    description = "How many questions matching these filters you have not been served yet, now.",
                    example = "35")
            long remaining,

            @Schema(
                    description =
                            "True when no unserved question matching these filters remains: the next quiz with them is a "
                                    + "409 `quiz-pool-exhausted` until you reset (POST /v1/quizzes/reset). A quiz that drew the last ones has it "
                                    + "true, and may hold fewer questions than requested.")
            boolean poolExhausted,

            @Schema(
                    description = "How many of the quiz's questions you have attempted since it was created.",
                    example = "0")
            long answered,

            @Schema(maxItems = MAX_COUNT) List<QuizItem> questions,

            @Schema(ref = "Links", description = "self, reset, attempts.") @JsonProperty("_links")
            Map<String, Link> links) {

        public static String path(UUID id) {
            return "/v1/quizzes/" + id;
        }
    }

    @Schema(name = "QuizResetView", description = "Your pool after a reset: every question can be served again.")
    public record ResetView(
            @Schema(description = "How many served questions were returned to your pool.", example = "12")
            long released,

            @Schema(ref = "Links", description = "new-quiz: POST there for a quiz from the whole bank again.")
            @JsonProperty("_links")
            Map<String, Link> links) {}
}

package dev.qbank.attempt;

import com.fasterxml.jackson.annotation.JsonProperty;
import dev.qbank.api.Link;
import dev.qbank.api.input.NulCharacters;
import dev.qbank.question.QuestionView;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Positive;
import jakarta.validation.constraints.Size;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/** Attempts on the wire. */
public final class AttemptViews {

    static final int MAX_ANSWER_CHARS = 10_000;
    static final int MAX_DURATION_MS = 86_400_000;

    private AttemptViews() {}

    @Schema(name = "AttemptRequest", description = "One answer to record.")
    public record AttemptRequest(
            @Schema(description = "The question's number.", example = "8", required = true)
            @NotNull
            @Positive
            @Max(Integer.MAX_VALUE)
            Integer question,

            @Schema(
                    description = "The learner's answer, up to 10,000 characters.",
                    example =
                            "Offset pagination skips or repeats rows when rows are inserted before the offset; a cursor seeks past the last key seen.",
                    required = true,
                    maxLength = MAX_ANSWER_CHARS)
            @NotNull
            @Size(max = MAX_ANSWER_CHARS)
            @Pattern(regexp = NulCharacters.NONE, message = NulCharacters.REASON)
            String answer,

            @Schema(
                    description = "How well the learner recalled the answer.",
                    enumeration = {"again", "hard", "good", "easy"},
                    required = true)
            @NotNull
            @Pattern(regexp = "again|hard|good|easy", message = "must be one of again, hard, good, easy")
            String rating,

            @Schema(
                    description = "Time spent, in milliseconds (0 to 86,400,000).",
                    example = "93000",
                    required = true,
                    minimum = "0",
                    maximum = "86400000")
            @NotNull
            @Min(0)
            @Max(MAX_DURATION_MS)
            Integer durationMs,

            @Schema(description = "When the learner started answering; not in the future.", nullable = true)
            Instant startedAt) {}

    @Schema(name = "Schedule", description = "SM-2's scheduling state.")
    public record Schedule(
            @Schema(description = "Ease factor (1.30 or more).", example = "2.50")
            BigDecimal ease,

            @Schema(description = "Days until the next review.", example = "6")
            int intervalDays,

            @Schema(description = "Successful reviews in a row.", example = "2")
            int repetitions) {}

    @Schema(name = "AttemptView", description = "A recorded attempt, with the review schedule it produced.")
    public record AttemptView(
            UUID id,
            @Schema(example = "8") int question,
            String answer,

            @Schema(enumeration = {"again", "hard", "good", "easy"})
            String rating,

            int durationMs,
            @Schema(nullable = true) Instant startedAt,
            Instant createdAt,

            @Schema(
                    description =
                            "When this question is next due for review, after this attempt, by the scheduler that "
                                    + "recorded it (`scheduler`).")
            Instant dueAt,

            @Schema(
                    enumeration = {"fsrs", "sm2"},
                    description = "The scheduler that set `due_at`: yours when the attempt was recorded (sm2 for "
                            + "attempts from before FSRS-6).")
            String scheduler,

            @Schema(
                    description =
                            "SM-2's state before this attempt (kept whichever your scheduler, so you can switch).")
            Schedule scheduleBefore,

            @Schema(description = "SM-2's state after this attempt.")
            Schedule scheduleAfter,

            @Schema(ref = "Links", description = "self, question.") @JsonProperty("_links")
            Map<String, Link> links) {

        static AttemptView of(Attempt a) {
            Map<String, Link> links = new LinkedHashMap<>();
            links.put("self", Link.to(path(a.id)));
            links.put("question", Link.to(QuestionView.path(a.questionNumber)));
            return new AttemptView(
                    a.id,
                    a.questionNumber,
                    a.answer,
                    a.rating,
                    a.durationMs,
                    a.startedAt,
                    a.createdAt,
                    "fsrs".equals(a.scheduler) ? a.fsrsDueAt : a.dueAt,
                    a.scheduler == null ? "sm2" : a.scheduler,
                    new Schedule(a.easeBefore, a.intervalDaysBefore, a.repetitionsBefore),
                    new Schedule(a.easeAfter, a.intervalDaysAfter, a.repetitionsAfter),
                    links);
        }

        public static String path(UUID id) {
            return "/v1/attempts/" + id;
        }
    }
}

package dev.qbank.review;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.time.Instant;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/** Where a learner stands on one question: their scheduler's due date, the FSRS-6 memory state, the previews. */
@Schema(
        name = "CardView",
        description = "Where you stand on this question: when your scheduler has it due, your FSRS-6 memory state, and "
                + "what each rating would schedule now.")
public record CardView(
        @Schema(
                enumeration = {"fsrs", "sm2"},
                description = "Your scheduler (a setting of yours).")
        String scheduler,

        @Schema(nullable = true, description = "When your scheduler has it due; null if never attempted.")
        Instant dueAt,

        @Schema(description = "Your FSRS-6 memory state; absent if never attempted.")
        @JsonInclude(JsonInclude.Include.NON_NULL)
        MemoryView memory,

        PreviewsView previews) {}

package dev.qbank.question;

import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;
import java.util.List;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/**
 * A question as the admin writes it: the body of POST and PUT, the target a merge patch applies to, and one row of an
 * import. The number, timestamps and links are the server's.
 */
@Schema(name = "QuestionWrite", description = "The writable fields of a question.")
public record QuestionWrite(
        @Schema(
                description = "The question, 1 to 2,000 characters. Unique in the bank (ignoring case and whitespace).",
                example = "What is a write-ahead log, and why does every database have one?",
                required = true,
                maxLength = MAX_TEXT)
        @NotBlank
        @Size(max = MAX_TEXT)
        String text,

        @Schema(description = "Slug of an existing category.", example = "databases", required = true)
        @NotBlank
        @Size(max = 64)
        String category,

        @Schema(
                description = "Up to 20 tags: lower-case words joined by hyphens. Default none.",
                example = "[\"durability\", \"wal\"]")
        @Size(max = MAX_TAGS)
        List<
                        @NotNull
                        @Pattern(
                                regexp = TAG,
                                message = "must be lower-case words joined by hyphens, at most 64 characters")
                        String>
                tags,

        @Schema(
                enumeration = {"junior", "mid", "senior"},
                description = "Default `mid`.",
                example = "mid")
        @Pattern(regexp = "junior|mid|senior", message = "must be one of junior, mid, senior")
        String difficulty,

        @Schema(
                nullable = true,
                description = "Notes on the question (the back of a flash card), up to 10,000 characters.",
                maxLength = MAX_NOTES)
        @Size(max = MAX_NOTES)
        String notes) {

    static final int MAX_TEXT = 2000;
    static final int MAX_NOTES = 10_000;
    static final int MAX_TAGS = 20;
    static final String TAG = "(?=.{1,64}$)[a-z0-9]+(-[a-z0-9]+)*";

    static QuestionWrite of(Question question) {
        return new QuestionWrite(
                question.text, question.category.slug, List.copyOf(question.tags), question.difficulty, question.notes);
    }

    List<String> tagsOrEmpty() {
        return tags == null ? List.of() : tags.stream().distinct().toList();
    }

    String difficultyOrDefault() {
        return difficulty == null ? Difficulty.MID.wire() : difficulty;
    }
}

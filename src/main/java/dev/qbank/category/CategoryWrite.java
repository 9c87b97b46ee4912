package dev.qbank.category;

import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Positive;
import jakarta.validation.constraints.Size;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/** A category's writable fields: the body of PUT, and the target a merge patch applies to. Its slug is its id. */
@Schema(name = "CategoryWrite", description = "The writable fields of a category.")
public record CategoryWrite(
        @Schema(
                description = "Display name, 1 to 200 characters, unique (ignoring case).",
                example = "Observability",
                required = true)
        @NotBlank
        @Size(max = 200)
        String name,

        @Schema(
                description = "What the category covers, up to 2,000 characters.",
                example = "Logs, metrics and traces.",
                required = true)
        @NotNull
        @Size(max = 2000)
        String description,

        @Schema(
                description =
                        "Display order, unique among categories. Omitted: unchanged (PUT), or after the last (POST).",
                example = "6",
                nullable = true)
        @Positive
        @Max(MAX_POSITION)
        Integer position) {

    /** The largest display position (10,000): far more categories than a bank needs, and a bound for clients. */
    static final int MAX_POSITION = 10_000;

    static CategoryWrite of(Category category) {
        return new CategoryWrite(category.name, category.description, category.position);
    }

    /** The body of POST /v1/categories: the slug, then the writable fields. */
    @Schema(name = "NewCategory", description = "A category to add.")
    public record NewCategory(
            @Schema(
                    description = "The category's id in URLs: lower-case words joined by hyphens, up to 64 characters.",
                    example = "observability",
                    required = true)
            @NotNull
            @Pattern(
                    regexp = "(?=.{1,64}$)[a-z0-9]+(-[a-z0-9]+)*",
                    message = "must be lower-case words joined by hyphens, at most 64 characters")
            String slug,

            @Schema(example = "Observability", required = true) @NotBlank @Size(max = 200)
            String name,

            @Schema(example = "Logs, metrics and traces.", required = true) @NotNull @Size(max = 2000)
            String description,

            @Schema(nullable = true, description = "Display order; omitted: after the last.")
            @Positive
            @Max(MAX_POSITION)
            Integer position) {

        CategoryWrite fields() {
            return new CategoryWrite(name, description, position);
        }
    }
}

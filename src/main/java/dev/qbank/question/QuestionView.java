package dev.qbank.question;

import com.fasterxml.jackson.annotation.JsonProperty;
import dev.qbank.api.Link;
import dev.qbank.category.CategoryView;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/** A question on the wire. */
@Schema(name = "QuestionView", description = "A question of the bank.")
public record QuestionView(
        @Schema(description = "Global number: the question's stable id.", example = "8")
        int number,

        @Schema(
                description = "The question, exactly as written (UTF-8, typographic apostrophes kept).",
                example =
                        "How does cursor-based pagination differ from offset-based pagination? What are the failure modes of offset pagination on live data?")
        String text,

        @Schema(description = "Slug of the question's category.", example = "rest-apis")
        String category,

        @Schema(
                description = "Topical tags, at most 20.",
                maxItems = 20,
                example = "[\"pagination\", \"cursors\", \"api-design\"]")
        List<String> tags,

        @Schema(
                enumeration = {"junior", "mid", "senior"},
                example = "mid")
        String difficulty,

        @Schema(nullable = true, description = "The author's notes on the question, if any.")
        String notes,

        Instant createdAt,
        Instant updatedAt,
        @Schema(ref = "LiveExample") LiveExample liveExample,

        @Schema(ref = "Links", description = "self, category, collection.") @JsonProperty("_links")
        Map<String, Link> links) {

    static QuestionView of(Question question) {
        Map<String, Link> links = new LinkedHashMap<>();
        links.put("self", Link.to(path(question.number)));
        links.put("category", Link.to(CategoryView.path(question.category.slug)));
        links.put("collection", Link.to("/v1/questions"));
        return new QuestionView(
                question.number,
                question.text,
                question.category.slug,
                List.copyOf(question.tags),
                question.difficulty,
                question.notes,
                question.createdAt,
                question.updatedAt,
                LiveExample.parse(question.liveExample),
                links);
    }

    public static String path(int number) {
        return "/v1/questions/" + number;
    }
}

package dev.qbank.category;

import com.fasterxml.jackson.annotation.JsonProperty;
import dev.qbank.api.Link;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/** A category on the wire. */
@Schema(name = "CategoryView", description = "A category of the bank.")
public record CategoryView(
        @Schema(example = "databases") String slug,

        @Schema(example = "Database design and optimization")
        String name,

        String description,

        @Schema(description = "Display order, from 1.", example = "2")
        int position,

        @Schema(description = "How many questions the category holds.", example = "10")
        long questionCount,

        Instant createdAt,
        Instant updatedAt,

        @Schema(ref = "Links", description = "self, questions.") @JsonProperty("_links")
        Map<String, Link> links) {

    static CategoryView of(Category category, long questionCount) {
        Map<String, Link> links = new LinkedHashMap<>();
        links.put("self", Link.to(path(category.slug)));
        links.put("questions", Link.to(path(category.slug) + "/questions"));
        return new CategoryView(
                category.slug,
                category.name,
                category.description,
                category.position,
                questionCount,
                category.createdAt,
                category.updatedAt,
                links);
    }

    public static String path(String slug) {
        return "/v1/categories/" + slug;
    }
}
